/// The content of a well-known Text record (`T`, NFC Forum RTD Text 1.0).
public struct NDEFText: Hashable, Sendable {
    /// How the text is encoded in the payload.
    public enum Encoding: Hashable, Sendable {
        /// UTF-8 (status bit 7 clear).
        case utf8
        /// UTF-16 (status bit 7 set); big-endian unless a byte-order mark says otherwise.
        case utf16
    }

    /// The IANA language code, e.g. `zh` or `en-US`.
    public var language: String
    /// The text.
    public var text: String
    /// The encoding used on the wire.
    public var encoding: Encoding

    /// Creates a text value.
    public init(language: String, text: String, encoding: Encoding = .utf8) {
        self.language = language
        self.text = text
        self.encoding = encoding
    }
}

extension NDEFRecord {
    /// A well-known Text record.
    ///
    /// UTF-16 text is written big-endian with a byte-order mark, which every reader understands.
    public static func text(_ text: String, language: String = "en", encoding: NDEFText.Encoding = .utf8) -> NDEFRecord
    {
        let languageBytes = Array(language.utf8.prefix(0x3F))
        var payload: [UInt8] = [UInt8(languageBytes.count) | (encoding == .utf16 ? 0x80 : 0)]
        payload += languageBytes
        switch encoding {
        case .utf8:
            payload += text.utf8
        case .utf16:
            payload += [0xFE, 0xFF]
            for unit in text.utf16 {
                payload.append(UInt8(unit >> 8))
                payload.append(UInt8(unit & 0xFF))
            }
        }
        return NDEFRecord(typeNameFormat: .wellKnown, type: "T", payload: payload)
    }

    /// Interprets the payload as a Text record.
    ///
    /// UTF-16 text is big-endian unless it starts with a byte-order mark; the mark is not part of the text.
    ///
    /// - Throws: ``NDEFDecodingError`` with an offset relative to the start of the payload.
    public func decodeText() throws(NDEFDecodingError) -> NDEFText {
        let header = try textHeader()
        let body = payload[header.textOffset...]
        if !header.isUTF16 {
            guard let text = String(validating: body, as: UTF8.self) else {
                throw NDEFDecodingError(.invalidTextEncoding, offset: header.textOffset, "the text is not valid UTF-8")
            }
            return NDEFText(language: header.language, text: text, encoding: .utf8)
        }
        guard body.count % 2 == 0 else {
            throw NDEFDecodingError(
                .invalidTextEncoding,
                offset: header.textOffset,
                "UTF-16 text has an odd number of bytes"
            )
        }
        var units: [UInt16] = []
        units.reserveCapacity(body.count / 2)
        var index = body.startIndex
        while index < body.endIndex {
            units.append(UInt16(body[index]) << 8 | UInt16(body[index + 1]))
            index += 2
        }
        if units.first == 0xFFFE {
            units = units.dropFirst().map { $0.byteSwapped }
        } else if units.first == 0xFEFF {
            units.removeFirst()
        }
        guard let text = String(validating: units, as: UTF16.self) else {
            throw NDEFDecodingError(.invalidTextEncoding, offset: header.textOffset, "the text is not valid UTF-16")
        }
        return NDEFText(language: header.language, text: text, encoding: .utf16)
    }

    /// The language code of a Text record, checked without decoding the text (which may be binary on real tags).
    ///
    /// - Throws: ``NDEFDecodingError`` with an offset relative to the start of the payload.
    public func decodeTextLanguage() throws(NDEFDecodingError) -> String {
        try textHeader().language
    }

    /// The checked header of a Text payload: status byte and language code.
    func textHeader() throws(NDEFDecodingError) -> (language: String, isUTF16: Bool, textOffset: Int) {
        guard let status = payload.first else {
            throw NDEFDecodingError(.invalidTextHeader, offset: 0, "a Text record needs a status byte")
        }
        if status & 0x40 != 0 {
            throw NDEFDecodingError(.invalidTextHeader, offset: 0, "the reserved bit 6 of the Text status byte is set")
        }
        let languageLength = Int(status & 0x3F)
        guard languageLength > 0 else {
            throw NDEFDecodingError(.invalidLanguageLength, offset: 0, "the Text language code is empty")
        }
        guard languageLength < payload.count else {
            throw NDEFDecodingError(
                .invalidLanguageLength,
                offset: 0,
                "the language code length \(languageLength) runs past the payload of \(payload.count) bytes"
            )
        }
        let languageBytes = payload[1...languageLength]
        guard languageBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
            let language = String(validating: languageBytes, as: UTF8.self)
        else {
            throw NDEFDecodingError(.invalidLanguageCode, offset: 1, "the language code is not printable ASCII")
        }
        return (language, status & 0x80 != 0, languageLength + 1)
    }
}
