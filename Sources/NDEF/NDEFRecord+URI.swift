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
        let body = payload.dropFirst()
        if let bad = body.firstIndex(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw NDEFDecodingError(.invalidURIText, offset: bad, "the URI holds a control character")
        }
        guard let text = String(validating: body, as: UTF8.self) else {
            throw NDEFDecodingError(.invalidURIText, offset: 1, "the URI is not valid UTF-8")
        }
        return NDEFURIPrefix.table[Int(code)] + text
    }
}
