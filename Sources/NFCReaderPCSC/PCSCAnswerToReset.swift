/// What an ATR synthesised by a contactless PC/SC reader says about the tag in the field.
///
/// Contactless readers present a memory tag (ISO 14443-3 only, e.g. NTAG or MIFARE) as a "storage card" with the
/// PC/SC Part 3 ATR `3B 8F 80 01 80 4F 0C A0 00 00 03 06 SS NN NN 00 00 00 00 TCK`: `SS` is the standard (03 = 14443 A
/// part 3) and `NN NN` the card name (00 03 = Ultralight, which includes NTAG; 00 01 = Classic 1K). An ISO-DEP tag
/// (Type 4, a phone) gets `3B 8n 80 01` followed by its historical bytes instead.
public struct PCSCAnswerToReset: Hashable, Sendable {
    /// The kind of tag the ATR announces.
    public enum Kind: Hashable, Sendable {
        /// A PC/SC Part 3 storage card with its standard byte and card name.
        case storageCard(standard: UInt8, cardName: UInt16)
        /// Anything else, treated as an ISO 7816-4 card that takes APDUs (ISO-DEP, Type 4).
        case isoDEP
    }

    /// The ATR bytes as the reader gave them.
    public let bytes: [UInt8]
    /// What they announce.
    public let kind: Kind

    /// Card names of PC/SC Part 3 (the supplement's table, as in the Gemalto Prox-DU manual).
    public enum CardName {
        /// MIFARE Classic 1K.
        public static let mifareClassic1K: UInt16 = 0x0001
        /// MIFARE Classic 4K.
        public static let mifareClassic4K: UInt16 = 0x0002
        /// MIFARE Ultralight, and the NTAG21x family.
        public static let mifareUltralight: UInt16 = 0x0003
        /// MIFARE Mini.
        public static let mifareMini: UInt16 = 0x0026
    }

    /// Parses an ATR; any byte string is accepted (it is only classified, never trusted further).
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // TS 3B, a TD byte, then the historical bytes 80 4F <len> A0 00 00 03 06 (the PC/SC RID).
        let rid: [UInt8] = [0xA0, 0x00, 0x00, 0x03, 0x06]
        if bytes.count >= 15, bytes[0] == 0x3B, bytes[4] == 0x80, bytes[5] == 0x4F, Array(bytes[7..<12]) == rid {
            kind = .storageCard(standard: bytes[12], cardName: UInt16(bytes[13]) << 8 | UInt16(bytes[14]))
        } else {
            kind = .isoDEP
        }
    }

    /// Builds the Part 3 storage-card ATR for `cardName`, with its check byte (used by the virtual card).
    public static func storageCard(standard: UInt8 = 0x03, cardName: UInt16) -> PCSCAnswerToReset {
        var bytes: [UInt8] = [0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06, standard]
        bytes += [UInt8(cardName >> 8), UInt8(cardName & 0xFF), 0x00, 0x00, 0x00, 0x00]
        bytes.append(bytes.dropFirst().reduce(0, ^))
        return PCSCAnswerToReset(bytes)
    }

    /// The ATR of an ISO-DEP tag without historical bytes, `3B 80 80 01 01` (used by the virtual card).
    public static let isoDEPWithoutHistoricalBytes = PCSCAnswerToReset([0x3B, 0x80, 0x80, 0x01, 0x01])
}
