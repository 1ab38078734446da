public import NFCTag

/// A MIFARE Classic 1K (SAK 08), present only so readers can recognise it and refuse it.
///
/// Without Crypto-1 authentication every command is NAKed (4-bit `4`), after which the card stays mute
/// until ``reselect()``.
public struct MifareClassicTagModel: TagModel {
    public let kind = TagModelKind.mifareClassic1K
    public let target: DetectedTarget
    private var isMute = false

    /// Creates a card; a random 4-byte UID when none is given.
    public init(uid: [UInt8]? = nil) {
        let uid = uid ?? (0..<4).map { _ in UInt8.random(in: 0...0xFF) }
        target = DetectedTarget(uid: uid, sensRes: [0x00, 0x04], selRes: 0x08)
    }

    public mutating func respond(to command: [UInt8]) -> TagModelResponse {
        guard !isMute else { return .mute }
        isMute = true
        return .data([0x04])
    }

    public mutating func reselect() {
        isMute = false
    }
}
