/// The URI identifier codes of NFC Forum RTD URI 1.0 (0x00–0x23).
public enum NDEFURIPrefix {
    /// The abbreviation table, indexed by identifier code.
    public static let table: [String] = [
        "", "http://www.", "https://www.", "http://", "https://", "tel:", "mailto:",
        "ftp://anonymous:anonymous@", "ftp://ftp.", "ftps://", "sftp://", "smb://", "nfs://", "ftp://",
        "dav://", "news:", "telnet://", "imap:", "rtsp://", "urn:", "pop:", "sip:", "sips:", "tftp:",
        "btspp://", "btl2cap://", "btgoep://", "tcpobex://", "irdaobex://", "file://", "urn:epc:id:",
        "urn:epc:tag:", "urn:epc:pat:", "urn:epc:raw:", "urn:epc:", "urn:nfc:",
    ]

    /// Codes ordered by decreasing prefix length, so the longest match wins when encoding.
    static let byLength: [(code: UInt8, prefix: String)] = table.enumerated()
        .filter { !$0.element.isEmpty }
        .map { (UInt8($0.offset), $0.element) }
        .sorted { $0.prefix.utf8.count > $1.prefix.utf8.count }
}

extension NDEFRecord {
    /// A well-known URI record, abbreviated with the longest matching prefix code.
    public static func uri(_ uri: String) -> NDEFRecord {
        var code: UInt8 = 0
        var rest = Substring(uri)
        for candidate in NDEFURIPrefix.byLength where uri.hasPrefix(candidate.prefix) {
            code = candidate.code
            rest = uri.dropFirst(candidate.prefix.count)
            break
        }
        return NDEFRecord(typeNameFormat: .wellKnown, type: "U", payload: [code] + Array(rest.utf8))
    }

    /// Interprets the payload as a URI record and returns the expanded URI.
    ///
    /// - Throws: ``NDEFDecodingError`` with an offset relative to the start of the payload.
    public func decodeURI() throws(NDEFDecodingError) -> String {
        try validateURI()
        // validateURI checked the code and that the text is UTF-8.
        return NDEFURIPrefix.table[Int(payload[0])] + String(decoding: payload.dropFirst(), as: UTF8.self)
    }

    /// Checks a URI payload without building the string: identifier code, control characters, UTF-8.
    func validateURI() throws(NDEFDecodingError) {
        guard let code = payload.first else {
            throw NDEFDecodingError(.emptyURI, offset: 0, "a URI record needs an identifier code")
        }
        guard Int(code) < NDEFURIPrefix.table.count else {
            throw NDEFDecodingError(
                .invalidURIPrefix,
                offset: 0,
                "URI identifier code 0x\(String(code, radix: 16)) is above 0x23"
            )
        }
        // Nearly every URI is printable ASCII: check that first by the smallest and largest byte, one pass
        // without an early exit, which the compiler vectorizes. Anything else (a control character, or
        // UTF-8) takes the exact pass below.
        var lowest: UInt8 = 0xFF
        var highest: UInt8 = 0
        for byte in payload.dropFirst() {
            lowest = min(lowest, byte)
            highest = max(highest, byte)
        }
        if lowest >= 0x20 && highest < 0x7F { return }
        // One pass with plain indexing: control characters, and whether any byte is outside ASCII.
        var hasNonASCII = false
        var index = 1
        while index < payload.count {
            let byte = payload[index]
            if byte < 0x20 || byte == 0x7F {
                throw NDEFDecodingError(.invalidURIText, offset: index, "the URI holds a control character")
            }
            hasNonASCII = hasNonASCII || byte >= 0x80
            index += 1
        }
        // ASCII is UTF-8; only text with other bytes needs the full check.
        if hasNonASCII, String(validating: payload.dropFirst(), as: UTF8.self) == nil {
            throw NDEFDecodingError(.invalidURIText, offset: 1, "the URI is not valid UTF-8")
        }
    }
}
