/// The one dispatch from what the reader saw (SAK, or the ATR of a PC/SC reader) to the tag protocol.
///
/// SAK bit 6 (`0x20`) means ISO-DEP: Type 4. SAK bit 4 (`0x08`) without it is MIFARE Classic, recognised and
/// refused rather than misread as Type 2. SAK `00` is Type 2. Through PC/SC, a storage-card ATR (PC/SC Part 3)
/// names the card: Ultralight/NTAG is Type 2, Classic is refused; any other ATR is an ISO-DEP card.
public enum TagActivator {
    /// The PC/SC Part 3 registered application provider ID in a storage-card ATR.
    static let pcscRID: [UInt8] = [0xA0, 0x00, 0x00, 0x03, 0x06]

    /// Recognises the platform of a target.
    public static func tagType(of target: DetectedTarget) -> TagType {
        if let sak = target.selRes {
            if sak & 0x20 != 0 { return .type4 }
            if sak & 0x08 != 0 || sak & 0x18 == 0x18 { return .mifareClassic }
            if sak & 0x7F == 0x00 { return .type2 }
            return .unknown
        }
        if let atr = target.atr {
            return tagType(ofATR: atr)
        }
        return .unknown
    }

    /// Recognises the platform of a card from the ATR a PC/SC reader built for it.
    public static func tagType(ofATR atr: [UInt8]) -> TagType {
        // 3B 8F 80 01 80 4F 0C A0 00 00 03 06 SS NN NN 00 00 00 00 TCK
        if atr.count >= 15, atr[0] == 0x3B, atr[4] == 0x80, atr[5] == 0x4F, Array(atr[7..<12]) == pcscRID {
            switch UInt16(atr[13]) << 8 | UInt16(atr[14]) {
            case 0x0003, 0x003A: return .type2  // Ultralight (NTAG included), Ultralight C
            case 0x0001, 0x0002, 0x0026: return .mifareClassic  // Classic 1K, 4K, Mini
            default: return .unknown
            }
        }
        guard atr.first == 0x3B || atr.first == 0x3F else { return .unknown }
        return .type4
    }

    /// Picks the protocol for a target.
    ///
    /// - Throws: ``TagError`` with ``TagError/Code/unsupportedTag`` for MIFARE Classic and unknown targets.
    public static func activate(_ target: DetectedTarget) throws(TagError) -> any NDEFTag {
        switch tagType(of: target) {
        case .type2:
            return Type2Tag(target: target)
        case .type4:
            return Type4Tag(target: target)
        case .mifareClassic:
            throw TagError(
                .unsupportedTag,
                tagType: .mifareClassic,
                "MIFARE Classic is not an NFC Forum tag; use an NTAG card or a phone"
            )
        case .unknown:
            let sak = target.selRes.map { "SAK \(String($0, radix: 16))" } ?? "no SAK"
            throw TagError(.unsupportedTag, tagType: .unknown, "unrecognised tag (\(sak))")
        }
    }

    /// Recognises the target and reads its NDEF message.
    ///
    /// - Throws: ``TagError``.
    public static func readNDEF(
        from target: DetectedTarget,
        over transceiver: any Transceiver,
        options: TagReadOptions = .init()
    ) throws(TagError) -> TagReadResult {
        try activate(target).readNDEF(over: transceiver, options: options)
    }
}
