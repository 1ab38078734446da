public import NDEF

/// Builds the tag model of a given kind holding an NDEF message, formatted as the tag ships.
public enum TagModelFactory {
    /// Makes a model of `kind` that holds `ndef`.
    ///
    /// Type 2 chips get the factory CC and TLVs with the message written as an NDEF TLV (nil: the blank
    /// `03 00 FE`); a Type 4 app gets the default ``Type4TagModel/Configuration`` (nil: NLEN 0).
    ///
    /// - Throws: ``TagModelError`` when the message does not fit, or `ndef` is given for a MIFARE Classic;
    ///   ``NDEF/NDEFEncodingError`` when the message cannot be encoded.
    public static func make(kind: TagModelKind, ndef: NDEFMessage?) throws -> any TagModel {
        let bytes = try ndef?.encoded()
        return try make(kind: kind, ndefBytes: bytes)
    }

    /// Makes a model of `kind` that holds already encoded NDEF bytes (which are not checked, so tests can
    /// present malformed messages).
    ///
    /// - Throws: ``TagModelError`` when the bytes do not fit.
    public static func make(kind: TagModelKind, ndefBytes: [UInt8]?) throws -> any TagModel {
        switch kind {
        case .ntag213, .ntag215, .ntag216, .ultralight, .ultralightEV1:
            return try Type2TagModel.formatted(kind: kind, ndefBytes: ndefBytes)
        case .type4:
            return try Type4TagModel(ndefBytes: ndefBytes ?? [])
        case .mifareClassic1K:
            guard ndefBytes == nil else {
                throw TagModelError(.ndefNotSupported, "the MIFARE Classic model carries no NDEF")
            }
            return MifareClassicTagModel()
        }
    }
}
