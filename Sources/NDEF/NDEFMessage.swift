/// An NDEF message: an ordered list of logical records.
///
/// Decode untrusted bytes with ``init(decoding:options:)``; every rule of NFC Forum NDEF 1.0 is
/// enforced and a violation throws ``NDEFDecodingError`` with the byte offset. Encode with
/// ``encoded(options:)``.
public struct NDEFMessage: Hashable, Sendable {
    /// The logical records, chunked records already reassembled.
    public var records: [NDEFRecord]

    /// Creates a message from records.
    public init(records: [NDEFRecord]) {
        self.records = records
    }

    /// Creates a message from records.
    public init(_ records: NDEFRecord...) {
        self.records = records
    }

    /// Decodes a message from bytes that start with the first record header.
    ///
    /// - Parameters:
    ///   - bytes: the raw message (no TLV, no NLEN).
    ///   - options: limits and strictness.
    /// - Throws: ``NDEFDecodingError`` naming the violated rule and its offset.
    public init(decoding bytes: [UInt8], options: NDEFDecodingOptions = .init()) throws(NDEFDecodingError) {
        let decoder = NDEFDecoder(bytes: bytes, baseOffset: 0, options: options, depth: 0)
        self.records = try decoder.decode()
    }
}

/// Limits and strictness for ``NDEFMessage/init(decoding:options:)``.
public struct NDEFDecodingOptions: Hashable, Sendable {
    /// The largest payload accepted for one logical record (chunks added up). Default 1 MiB.
    public var maximumPayloadSize: Int
    /// The most logical records accepted in one message (nested messages count separately).
    public var maximumRecordCount: Int
    /// How deep Smart Poster messages may nest.
    public var maximumNestingDepth: Int
    /// Whether well-known Text, URI and Smart Poster payloads are checked too.
    public var validatesWellKnownRecords: Bool

    /// Creates options; the defaults are the strict ones.
    public init(
        maximumPayloadSize: Int = 1 << 20,
        maximumRecordCount: Int = 1024,
        maximumNestingDepth: Int = 4,
        validatesWellKnownRecords: Bool = true
    ) {
        self.maximumPayloadSize = maximumPayloadSize
        self.maximumRecordCount = maximumRecordCount
        self.maximumNestingDepth = maximumNestingDepth
        self.validatesWellKnownRecords = validatesWellKnownRecords
    }
}

/// Options for ``NDEFMessage/encoded(options:)``.
public struct NDEFEncodingOptions: Hashable, Sendable {
    /// When set, payloads longer than this are split into chunks of at most this many bytes.
    public var chunkSize: Int?
    /// Whether to use the 1-byte payload length (SR) when the payload fits. Default true.
    public var usesShortRecords: Bool

    /// Creates options.
    public init(chunkSize: Int? = nil, usesShortRecords: Bool = true) {
        self.chunkSize = chunkSize
        self.usesShortRecords = usesShortRecords
    }
}
