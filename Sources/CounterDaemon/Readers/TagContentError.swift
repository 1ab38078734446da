public import NDEF

/// A tag that was read completely but does not carry a usable NDEF message (bad format, bad NDEF,
/// an unsupported tag): the tap is refused like a bad intent, not retried like a failed read.
public struct TagContentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The stable reason code (`invalidNDEF`, `invalidFormat`, `unsupportedTag`, …).
    public var code: String
    /// A readable explanation.
    public var message: String
    /// The NDEF violation, when the tag's format is sound but its message is malformed (code `invalidNDEF`).
    public var ndefError: NDEFDecodingError?

    /// Creates an error.
    public init(code: String, message: String, ndefError: NDEFDecodingError? = nil) {
        self.code = code
        self.message = message
        self.ndefError = ndefError
    }

    public var description: String { "\(code): \(message)" }
}
