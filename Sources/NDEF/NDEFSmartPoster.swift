/// The content of a well-known Smart Poster record (`Sp`): one URI with optional titles and hints.
public struct NDEFSmartPoster: Hashable, Sendable {
    /// The expanded URI of the one URI record.
    public var uri: String
    /// The titles, one per language.
    public var titles: [NDEFText]
    /// The recommended action (`act`): 0 do, 1 save, 2 edit.
    public var action: UInt8?
    /// The size of the referenced content (`s`), in bytes.
    public var size: UInt32?
    /// The MIME type of the referenced content (`t`).
    public var mimeType: String?
    /// Every nested record, including those above.
    public var records: [NDEFRecord]

    /// Checks the structure of a nested Smart Poster message: exactly one URI record.
    static func check(_ records: [NDEFRecord]) throws(NDEFDecodingError) {
        let uriCount = records.count { $0.isWellKnown("U") }
        guard uriCount == 1 else {
            throw NDEFDecodingError(
                .invalidSmartPoster,
                offset: 0,
                "a Smart Poster needs exactly one URI record, found \(uriCount)"
            )
        }
    }
}

extension NDEFRecord {
    /// A Smart Poster record wrapping the given nested records.
    public static func smartPoster(_ records: [NDEFRecord]) throws(NDEFEncodingError) -> NDEFRecord {
        NDEFRecord(
            typeNameFormat: .wellKnown,
            type: "Sp",
            payload: try NDEFMessage(records: records).encoded()
        )
    }

    /// Interprets the payload as a Smart Poster.
    ///
    /// - Throws: ``NDEFDecodingError`` with an offset relative to the start of the payload.
    public func decodeSmartPoster(options: NDEFDecodingOptions = .init()) throws(NDEFDecodingError) -> NDEFSmartPoster {
        let records = try NDEFDecoder.decodeNested(payload, options: options, depth: 1)
        try NDEFSmartPoster.check(records)
        var poster = NDEFSmartPoster(uri: "", titles: [], records: records)
        for record in records where record.typeNameFormat == .wellKnown {
            if record.isWellKnown("U") {
                poster.uri = try record.decodeURI()
            } else if record.isWellKnown("T") {
                poster.titles.append(try record.decodeText())
            } else if record.isWellKnown("act"), record.payload.count == 1 {
                poster.action = record.payload[0]
            } else if record.isWellKnown("s"), record.payload.count == 4 {
                poster.size = record.payload.reduce(0) { $0 << 8 | UInt32($1) }
            } else if record.isWellKnown("t") {
                poster.mimeType = String(validating: record.payload, as: UTF8.self)
            }
        }
        return poster
    }
}
