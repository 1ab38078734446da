/// The NFC Forum tag platform (or the refused kind) a detected target was recognised as.
public enum TagType: String, Hashable, Sendable, CustomStringConvertible {
    /// NFC Forum Type 2 (NTAG21x, MIFARE Ultralight): pages read with READ / FAST_READ.
    case type2
    /// NFC Forum Type 4 (ISO-DEP, e.g. a phone in host card emulation): ISO 7816-4 APDUs.
    case type4
    /// MIFARE Classic: recognised, but not an NFC Forum tag this counter reads.
    case mifareClassic = "mifare-classic"
    /// Anything else (ISO 14443-A with an unexpected SAK, an unknown PC/SC card).
    case unknown

    public var description: String { rawValue }
}
