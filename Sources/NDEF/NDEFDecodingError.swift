/// A violation of the NDEF rules found while decoding untrusted bytes.
///
/// Carries a stable ``code`` and the byte ``offset`` in the outermost input where the problem
/// was found, so a log line or a clerk's message can say exactly what was wrong and where.
public struct NDEFDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of violation.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The input ended inside a record header or field.
        public static let truncatedRecord = Code("truncatedRecord")
        /// The message holds no record at all.
        public static let emptyMessage = Code("emptyMessage")
        /// The first record lacks the MB flag.
        public static let missingMessageBegin = Code("missingMessageBegin")
        /// A record after the first has the MB flag.
        public static let unexpectedMessageBegin = Code("unexpectedMessageBegin")
        /// The input ended before a record with the ME flag.
        public static let missingMessageEnd = Code("missingMessageEnd")
        /// Bytes follow the record that carries ME.
        public static let trailingBytes = Code("trailingBytes")
        /// TNF 7 (reserved).
        public static let reservedTypeNameFormat = Code("reservedTypeNameFormat")
        /// TNF 0 with a type, an ID or a payload.
        public static let emptyRecordWithContent = Code("emptyRecordWithContent")
        /// TNF 5 (unknown) or 6 (unchanged) with a non-empty type.
        public static let typeNotAllowed = Code("typeNotAllowed")
        /// TNF 1–4 with an empty type.
        public static let missingType = Code("missingType")
        /// TNF 6 outside a chunk sequence, or a first chunk with TNF 6.
        public static let unexpectedUnchanged = Code("unexpectedUnchanged")
        /// A middle or last chunk whose TNF is not 6.
        public static let chunkTypeNameFormat = Code("chunkTypeNameFormat")
        /// A middle or last chunk with the IL flag.
        public static let chunkWithID = Code("chunkWithID")
        /// A chunk with CF set also carries ME.
        public static let chunkWithMessageEnd = Code("chunkWithMessageEnd")
        /// A chunk sequence that never ends.
        public static let unterminatedChunk = Code("unterminatedChunk")
        /// A payload (or the reassembled payload of a chunked record) exceeds the configured limit.
        public static let payloadTooLarge = Code("payloadTooLarge")
        /// More records than the configured limit.
        public static let tooManyRecords = Code("tooManyRecords")
        /// Nested messages (Smart Poster) deeper than the configured limit.
        public static let nestingTooDeep = Code("nestingTooDeep")
        /// A URI record with an empty payload.
        public static let emptyURI = Code("emptyURI")
        /// A URI record whose identifier code is above 0x23.
        public static let invalidURIPrefix = Code("invalidURIPrefix")
        /// A URI record whose text is not valid UTF-8 or holds control characters.
        public static let invalidURIText = Code("invalidURIText")
        /// A Text record with an empty payload, or a status byte with the reserved bit set.
        public static let invalidTextHeader = Code("invalidTextHeader")
        /// A Text record whose language code length runs past the payload or is zero.
        public static let invalidLanguageLength = Code("invalidLanguageLength")
        /// A Text record whose language code is not printable ASCII.
        public static let invalidLanguageCode = Code("invalidLanguageCode")
        /// A Text record whose text is not valid in its declared encoding.
        public static let invalidTextEncoding = Code("invalidTextEncoding")
        /// A Smart Poster without exactly one URI record, or with an invalid nested message.
        public static let invalidSmartPoster = Code("invalidSmartPoster")
    }

    /// What was wrong.
    public var code: Code
    /// The byte offset in the outermost input at which the problem was found.
    public var offset: Int
    /// A readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, offset: Int, _ message: String) {
        self.code = code
        self.offset = offset
        self.message = message
    }

    public var description: String {
        "\(code): \(message) at offset \(offset)"
    }
}

/// A record that cannot be encoded into valid NDEF.
public struct NDEFEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The index of the offending record in the message.
    public var recordIndex: Int
    /// A readable explanation.
    public var message: String

    /// Creates an error.
    public init(recordIndex: Int, _ message: String) {
        self.recordIndex = recordIndex
        self.message = message
    }

    public var description: String { "record \(recordIndex): \(message)" }
}
