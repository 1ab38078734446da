/// The state flags pcscd reports for a reader in `SCardGetStatusChange` (`SCARD_STATE_*` in `pcsclite.h`), with the
/// per-reader event counter pcsc-lite keeps in the upper 16 bits.
struct PCSCReaderState: Hashable, Sendable {
    /// The 32-bit `dwEventState` as pcscd returned it.
    var rawValue: UInt32

    static let changed: UInt32 = 0x0002
    static let unknown: UInt32 = 0x0004
    static let unavailable: UInt32 = 0x0008
    static let empty: UInt32 = 0x0010
    static let present: UInt32 = 0x0020
    static let exclusive: UInt32 = 0x0080
    static let inUse: UInt32 = 0x0100
    static let mute: UInt32 = 0x0200

    /// How many card insertions and removals pcscd counted on this reader; two states with different counts
    /// mean a tap happened in between, even if both say "present".
    var eventCount: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }

    /// A card is in the field and answered.
    var isCardPresent: Bool { has(Self.present) && !has(Self.mute) }
    /// The reader was unplugged or pcscd no longer knows it.
    var isReaderGone: Bool { has(Self.unknown) || has(Self.unavailable) }
    /// The state to pass back as `dwCurrentState` on the next wait (without the `CHANGED` bit).
    var asCurrentState: UInt32 { rawValue & ~Self.changed }

    func has(_ flag: UInt32) -> Bool { rawValue & flag != 0 }

    /// A short description for `hukou readers`.
    var summary: String {
        if has(Self.unknown) { return "unknown" }
        if has(Self.unavailable) { return "unavailable" }
        if has(Self.mute) { return "card present but mute" }
        if has(Self.present) {
            if has(Self.exclusive) { return "card present, held exclusively by another program" }
            return has(Self.inUse) ? "card present, in use" : "card present"
        }
        if has(Self.empty) { return "no card" }
        return "state 0x" + String(rawValue & 0xFFFF, radix: 16)
    }
}
