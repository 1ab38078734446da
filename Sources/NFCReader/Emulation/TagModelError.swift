/// A tag model could not be built as asked (the message does not fit, the kind cannot hold NDEF).
public struct TagModelError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The NDEF message is larger than the tag's NDEF area or file.
        public static let messageTooLarge = Code("messageTooLarge")
        /// The kind of tag cannot carry NDEF in this emulation.
        public static let ndefNotSupported = Code("ndefNotSupported")
        /// A configuration value is out of its range.
        public static let invalidConfiguration = Code("invalidConfiguration")
    }

    /// What went wrong.
    public var code: Code
    /// A readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
