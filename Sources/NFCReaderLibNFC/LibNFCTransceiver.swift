import NFCTag

/// The ``Transceiver`` of a tag selected through libnfc, valid during one ``TagSession/perform(_:)`` body.
///
/// An ISO-DEP target (SAK bit 6) gets bare APDUs through InDataExchange with easy framing: the chip does the
/// block protocol. A Type 2 target gets raw frames through InCommunicateThru with the CRC handled here, so
/// FAST_READ and GET_VERSION reach the tag as they are and a 4-bit ACK/NAK comes back as a 1-byte answer (with
/// the chip's CRC check on, a NAK would be lost in a CRC error). Confined to the reader's thread.
final class LibNFCTransceiver: Transceiver, TagReselecting {
    private let engine: LibNFCEngine
    private let device: LibNFCDevice
    private let target: DetectedTarget
    private let isISODEP: Bool

    let limits: TransceiverLimits

    init(engine: LibNFCEngine, device: LibNFCDevice, target: DetectedTarget) {
        self.engine = engine
        self.device = device
        self.target = target
        isISODEP = (target.selRes ?? 0) & 0x20 != 0
        // A PN53x refuses an answer over 262 bytes; raw Type 2 answers carry 2 CRC bytes (65 pages of FAST_READ),
        // APDU answers 256 data bytes plus the status word.
        limits =
            isISODEP
            ? TransceiverLimits(maximumCommandLength: 261, maximumResponseLength: 258)
            : TransceiverLimits(maximumCommandLength: 260, maximumResponseLength: 260)
    }

    func transceive(_ command: [UInt8], timeout: Duration) throws(TransceiveError) -> [UInt8] {
        guard !command.isEmpty, command.count <= limits.maximumCommandLength else {
            throw TransceiveError(.overflow, "a \(command.count)-byte command does not fit a PN53x frame")
        }
        let milliseconds = Self.milliseconds(timeout)
        if isISODEP {
            return try exchange(command, capacity: limits.maximumResponseLength, raw: false, milliseconds)
        }
        let answer = try exchange(
            ISO14443CRC.appending(to: command),
            capacity: limits.maximumResponseLength + 2,
            raw: true,
            milliseconds
        )
        if answer.count == 1 {
            return [answer[0] & 0x0F]  // a 4-bit ACK (A) or NAK (0, 1, 4, 5)
        }
        guard let body = ISO14443CRC.stripping(answer) else {
            throw TransceiveError(.transmission, "a \(answer.count)-byte answer with a bad CRC_A")
        }
        return body
    }

    /// Re-selects the same tag (REQA, anticollision, select) after a Type 2 tag went mute on a NAK.
    ///
    /// - Throws: ``TransceiveError/Code/tagRemoved`` when it no longer answers.
    func reselect() throws(TransceiveError) {
        let selected: LibNFCSelectedTarget?
        do throws(LibNFCError) {
            selected = try device.select(uid: target.uid)
        } catch {
            engine.noteFailure(error)
            throw error.transceiveError
        }
        guard let selected, selected.target.uid == target.uid else {
            throw TransceiveError(.tagRemoved, "the tag did not answer the re-selection")
        }
    }

    private func exchange(
        _ frame: [UInt8],
        capacity: Int,
        raw: Bool,
        _ milliseconds: Int32
    ) throws(TransceiveError) -> [UInt8] {
        do throws(LibNFCError) {
            try device.useRawFraming(raw)
            return try device.transceive(frame, responseCapacity: capacity, timeoutMilliseconds: milliseconds)
        } catch {
            engine.noteFailure(error)
            throw error.transceiveError
        }
    }

    /// A transceive timeout in whole milliseconds, at least 1 (0 would mean "forever" to libnfc).
    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(1, min(total, 60_000)))
    }
}
