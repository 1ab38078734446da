import NDEF

/// Reads the NDEF message of an NFC Forum Type 2 tag (NTAG21x, MIFARE Ultralight) in as few commands as the reader allows.
///
/// 1. GET_VERSION `60` identifies NTAG21x and Ultralight EV1 (only when the transceiver is ``TagReselecting``:
///    a tag without GET_VERSION NAKs it and goes mute, so it is re-selected).
/// 2. FAST_READ `3A ss ee` from the CC (page 3) on, each command sized to
///    ``TransceiverLimits/maximumResponseLength``; READ `30 pp` in 16-byte steps where FAST_READ is unknown,
///    NAKed or not carried by the reader.
/// 3. The TLV walk stops reading as soon as the NDEF TLV is complete.
public struct Type2Tag: NDEFTag {
    public let target: DetectedTarget
    public var tagType: TagType { .type2 }

    /// The highest page a one-byte READ or FAST_READ address reaches.
    static let lastAddressablePage = 0xFF

    /// Creates the tag for a selected target.
    public init(target: DetectedTarget) {
        self.target = target
    }

    public func readNDEF(over transceiver: any Transceiver, options: TagReadOptions = .init()) throws(TagError)
        -> TagReadResult
    {
        var io = CountingTransceiver(transceiver, tagType: .type2, timeout: options.type2Timeout)
        let (product, version) = try identify(&io)
        var session = Type2ReadSession(
            io: io,
            useFastRead: product.supportsFastRead,
            pagesPerFrame: max(1, min(transceiver.limits.maximumResponseLength / 4, Self.lastAddressablePage + 1))
        )
        // First frame: the CC and as much of the data area as fits (never past the known user memory).
        var firstEnd = session.useFastRead ? 3 + session.pagesPerFrame - 1 : 6
        // Unknown size: stay within the 16 pages every Type 2 tag has, so FAST_READ is not NAKed for the range.
        firstEnd = min(firstEnd, 3 + ((product.userMemorySize ?? 48) + 3) / 4)
        try session.read(through: 3, upTo: firstEnd)

        let cc: Type2CapabilityContainer
        do {
            cc = try Type2CapabilityContainer(Array(session.bytes[0..<4]))
        } catch {
            let located = TagFormatError(error.code, offset: 12 + error.offset, error.message)
            throw TagError(
                .invalidFormat,
                tagType: .type2,
                formatError: located,
                "bad capability container: \(error.message) (tag byte \(located.offset))"
            )
        }
        guard cc.isReadable else {
            throw TagError(.notReadable, tagType: .type2, "the CC forbids reading (access byte \(cc.readAccess))")
        }
        let dataAreaEndPage = 3 + (cc.dataAreaSize + 3) / 4

        while true {
            let dataArea = Array(session.bytes.dropFirst(4))
            let scan: Type2TLVScan
            do {
                scan = try Type2TLVScanner.scan(dataArea, dataAreaSize: cc.dataAreaSize)
            } catch {
                let located = TagFormatError(error.code, offset: 16 + error.offset, error.message)
                throw TagError(
                    .invalidFormat,
                    tagType: .type2,
                    formatError: located,
                    "bad TLV: \(error.message) (tag byte \(located.offset))"
                )
            }
            let needed: Int
            var fullFrame = false
            switch scan {
            case .noNDEF:
                let error = TagFormatError(.noNDEFMessage, offset: 0, "no NDEF Message TLV in the data area")
                throw TagError(.invalidFormat, tagType: .type2, formatError: error, error.message)
            case .needMore(let count):
                // A few bytes short: a TLV header or control value, so what follows is unknown and a whole frame
                // costs no extra command. More: the end of the NDEF value, so read exactly to it.
                needed = count
                fullFrame = count <= dataArea.count + 4
            case .ndef, .ndefSegments:
                let end = scan.ndefRanges?.last?.upperBound ?? 0
                if end <= dataArea.count {
                    return try finish(
                        scan: scan,
                        dataArea: dataArea,
                        product: product,
                        version: version,
                        session,
                        options
                    )
                }
                let valueSize = scan.ndefRanges?.reduce(0) { $0 + $1.count } ?? 0
                guard valueSize <= options.maximumMessageSize else {
                    throw TagError(
                        .messageTooLarge,
                        tagType: .type2,
                        "the NDEF TLV holds more than \(options.maximumMessageSize) bytes"
                    )
                }
                needed = end
            }
            // `needed` data-area bytes: through page 4 + (needed - 1) / 4. While the NDEF TLV's end is unknown,
            // read whole frames (up to the data area's end); once it is known, read exactly to it.
            let endPage = min(4 + (needed - 1) / 4, dataAreaEndPage)
            let limit = fullFrame ? min(dataAreaEndPage, Self.lastAddressablePage) : endPage
            guard endPage <= Self.lastAddressablePage else {
                throw TagError(
                    .messageTooLarge,
                    tagType: .type2,
                    "the NDEF data lies beyond page 255 (sector select is not supported)"
                )
            }
            guard endPage >= session.nextPage else {
                throw TagError(.invalidFormat, tagType: .type2, "the TLV walk asks for bytes past the data area")
            }
            try session.read(through: endPage, upTo: limit)
        }
    }

    private func identify(_ io: inout CountingTransceiver) throws(TagError) -> (Type2Product, [UInt8]?) {
        guard io.canReselect else { return (.unidentified, nil) }
        let command: [UInt8] = [0x60]
        switch io.trySend(command) {
        case .success(let response) where response.count == 8:
            return (Type2Product(version: response), response)
        case .success(let response) where Self.isNAK(response):
            try io.reselect(after: command)
            return (.unidentified, nil)
        case .success(let response):
            throw TagError(
                .invalidResponse,
                tagType: .type2,
                command: command,
                "GET_VERSION answered \(response.count) bytes instead of 8"
            )
        case .failure(let error) where error.code == .commandNotSupported:
            return (.unidentified, nil)
        case .failure(let error) where error.code == .timeout:
            // Some tags stay silent instead of NAKing; either way the tag is now mute.
            try io.reselect(after: command)
            return (.unidentified, nil)
        case .failure(let error):
            throw TagError(.communication, tagType: .type2, command: command, transceiveError: error, error.message)
        }
    }

    private func finish(
        scan: Type2TLVScan,
        dataArea: [UInt8],
        product: Type2Product,
        version: [UInt8]?,
        _ session: Type2ReadSession,
        _ options: TagReadOptions
    ) throws(TagError) -> TagReadResult {
        guard let value = scan.ndefValue(in: dataArea) else {
            throw TagError(.invalidFormat, tagType: .type2, "the NDEF TLV runs past the bytes read")
        }
        guard value.count <= options.maximumMessageSize else {
            throw TagError(
                .messageTooLarge,
                tagType: .type2,
                "the NDEF message has \(value.count) bytes, above \(options.maximumMessageSize)"
            )
        }
        let message: NDEFMessage
        if value.isEmpty {
            message = NDEFMessage(records: [])
        } else {
            do {
                message = try NDEFMessage(decoding: value, options: options.decoding)
            } catch {
                throw TagError(.invalidNDEF, tagType: .type2, ndefError: error, "invalid NDEF message: \(error)")
            }
        }
        return TagReadResult(
            tagType: .type2,
            target: target,
            product: product.name,
            version: version,
            message: message,
            ndefBytes: value,
            counters: session.io.counters
        )
    }

    /// A NAK is a single 4-bit value (ACK is `A`).
    static func isNAK(_ response: [UInt8]) -> Bool {
        response.count == 1 && response[0] < 0x10 && response[0] != 0x0A
    }
}
