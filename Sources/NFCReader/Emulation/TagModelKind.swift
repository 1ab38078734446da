/// The chips and applications the tag models emulate.
///
/// The raw value is the name used on command lines and in `sim:` reader specifications.
public enum TagModelKind: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// NXP NTAG213: 45 pages, 144-byte NDEF area.
    case ntag213
    /// NXP NTAG215: 135 pages, 496-byte NDEF area.
    case ntag215
    /// NXP NTAG216: 231 pages, 872-byte NDEF area.
    case ntag216
    /// NXP MIFARE Ultralight (MF0ICU1): 16 pages, no GET_VERSION, no FAST_READ.
    case ultralight
    /// NXP MIFARE Ultralight EV1 (MF0UL11): 20 pages, GET_VERSION, FAST_READ and READ_SIG.
    case ultralightEV1 = "ultralight-ev1"
    /// An NFC Forum Type 4 NDEF application as an Android phone presents it in host card emulation.
    case type4
    /// NXP MIFARE Classic 1K (SAK 08): recognised and refused by readers of NDEF.
    case mifareClassic1K = "mifare-classic-1k"

    public var description: String { rawValue }

    /// Whether the model speaks the Type 2 command set (READ, FAST_READ, GET_VERSION).
    public var isType2: Bool {
        switch self {
        case .ntag213, .ntag215, .ntag216, .ultralight, .ultralightEV1: true
        case .type4, .mifareClassic1K: false
        }
    }
}
