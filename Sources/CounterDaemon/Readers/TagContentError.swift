/// A tag that was read completely but does not carry a usable NDEF message (bad format, bad NDEF,
/// an unsupported tag): the tap is refused like a bad intent, not retried like a failed read.
public struct TagContentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The stable reason code (`invalidNDEF`, `invalidFormat`, `unsupportedTag`, …).
    public var code: String
    /// A readable explanation.
    public var message: String

    /// Creates an error.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
