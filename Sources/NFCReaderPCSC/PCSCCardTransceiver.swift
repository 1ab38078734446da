public import NFCTag

/// Sends ISO 7816-4 APDUs to an ISO-DEP tag (Type 4, a phone) through `SCardTransmit`.
///
/// Confined to the reader's thread like every ``NFCTag/Transceiver``. pcsc-lite has no per-exchange timeout, so
/// `timeout` is not enforced here; a vanished tag shows as a response shorter than the status word (vpcd) or as
/// `SCARD_W_REMOVED_CARD` (a real reader), both reported as ``NFCTag/TransceiveError/Code/tagRemoved``.
final class PCSCCardTransceiver: Transceiver {
    private let handle: PCSCCalls.CardHandle
    private let cardProtocol: PCSCCalls.CardProtocol
    /// Set once the card is known to be gone, so later exchanges fail at once.
    private(set) var isLost = false

    /// Short APDUs: 5 header bytes + 255 data + Le; a 256-byte response plus its status word.
    let limits = TransceiverLimits(maximumCommandLength: 261, maximumResponseLength: 258)

    init(handle: PCSCCalls.CardHandle, cardProtocol: PCSCCalls.CardProtocol) {
        self.handle = handle
        self.cardProtocol = cardProtocol
    }

    func transceive(_ command: [UInt8], timeout: Duration) throws(TransceiveError) -> [UInt8] {
        guard !isLost else { throw TransceiveError(.tagRemoved, "the card left the reader") }
        guard command.count <= limits.maximumCommandLength else {
            throw TransceiveError(.overflow, "APDU of \(command.count) bytes exceeds \(limits.maximumCommandLength)")
        }
        let response: [UInt8]
        do {
            response = try PCSCCalls.transmit(
                handle,
                protocol: cardProtocol,
                command,
                maximumResponse: PCSCCalls.maximumShortResponse
            )
        } catch {
            throw map(error)
        }
        guard response.count >= 2 else {
            // vpcd answers SCardTransmit with success and 0 bytes when the card dropped mid-exchange.
            isLost = true
            throw TransceiveError(.tagRemoved, "the card answered \(response.count) bytes, fewer than a status word")
        }
        return response
    }

    /// Turns a pcsc-lite failure into the protocol-level error and remembers a lost card.
    func map(_ error: PCSCError) -> TransceiveError {
        if error.meansCardLost {
            isLost = true
            return TransceiveError(.tagRemoved, error.description)
        }
        if error.meansServiceLost || error.code == .readerUnavailable || error.code == .unknownReader {
            isLost = true
            return TransceiveError(.readerUnavailable, error.description)
        }
        if error.code == .insufficientBuffer { return TransceiveError(.overflow, error.description) }
        if error.code == .cancelled { return TransceiveError(.cancelled, error.description) }
        return TransceiveError(.other, error.description)
    }
}
