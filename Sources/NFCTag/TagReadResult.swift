public import NDEF

/// Everything learned by reading the NDEF message of one tag.
public struct TagReadResult: Hashable, Sendable {
    /// The tag platform that was read.
    public var tagType: TagType
    /// The target as the reader saw it (UID, ATQA, SAK, ATS or ATR).
    public var target: DetectedTarget
    /// The chip or application, e.g. `NTAG215`, `MIFARE Ultralight EV1`, `Type 4 mapping 2.0`.
    public var product: String
    /// The GET_VERSION bytes of a Type 2 tag that answered it.
    public var version: [UInt8]?
    /// The decoded message; no records for an empty NDEF TLV or NLEN 0.
    public var message: NDEFMessage
    /// The raw message bytes as stored on the tag (no TLV, no NLEN).
    public var ndefBytes: [UInt8]
    /// Commands and bytes exchanged for this read.
    public var counters: ExchangeCounters

    /// The UID of the tag (random per tap for a phone).
    public var uid: [UInt8] { target.uid }

    /// Creates a result.
    public init(
        tagType: TagType,
        target: DetectedTarget,
        product: String,
        version: [UInt8]?,
        message: NDEFMessage,
        ndefBytes: [UInt8],
        counters: ExchangeCounters
    ) {
        self.tagType = tagType
        self.target = target
        self.product = product
        self.version = version
        self.message = message
        self.ndefBytes = ndefBytes
        self.counters = counters
    }
}
