import NFCTag

@testable import NFCReaderPCSC

/// Carries APDUs straight into a ``VirtualPCSCCard``, the way pcscd and vpcd would: a removal answers 0 bytes.
final class VirtualCardLink: Transceiver {
    var card: VirtualPCSCCard
    private(set) var apdus: [[UInt8]] = []
    let limits = TransceiverLimits(maximumCommandLength: 261, maximumResponseLength: 258)

    init(_ card: VirtualPCSCCard) {
        self.card = card
    }

    func transceive(_ command: [UInt8], timeout: Duration) throws(TransceiveError) -> [UInt8] {
        apdus.append(command)
        switch card.handle(command) {
        case .send(let bytes): return bytes
        case .none, .remove, .unplug: return []
        }
    }
}
