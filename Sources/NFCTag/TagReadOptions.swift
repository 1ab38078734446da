public import NDEF

/// Limits and timeouts for reading the NDEF message of a tag.
public struct TagReadOptions: Hashable, Sendable {
    /// How long one Type 2 command may take (a 252-byte FAST_READ takes about 25 ms over the air).
    public var type2Timeout: Duration
    /// How long one Type 4 APDU may take (a phone wakes its app on the first SELECT).
    public var type4Timeout: Duration
    /// The largest NDEF message accepted from a tag, in bytes.
    public var maximumMessageSize: Int
    /// Limits for decoding the message.
    public var decoding: NDEFDecodingOptions

    /// Creates options; the defaults suit a service counter.
    public init(
        type2Timeout: Duration = .milliseconds(100),
        type4Timeout: Duration = .milliseconds(1000),
        maximumMessageSize: Int = 32 * 1024,
        decoding: NDEFDecodingOptions = .init()
    ) {
        self.type2Timeout = type2Timeout
        self.type4Timeout = type4Timeout
        self.maximumMessageSize = maximumMessageSize
        self.decoding = decoding
    }
}
