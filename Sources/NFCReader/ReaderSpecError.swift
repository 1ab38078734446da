/// A reader specification that could not be parsed.
public struct ReaderSpecError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Not `libnfc`, `pcsc` or `sim`.
        public static let unknownScheme = Code("unknownScheme")
        /// A colon with nothing after it, or `sim` without a name.
        public static let missingName = Code("missingName")
        /// An option of a `sim:` reader that does not exist.
        public static let unknownOption = Code("unknownOption")
        /// An option value that does not parse.
        public static let invalidValue = Code("invalidValue")
    }

    /// What is wrong.
    public var code: Code
    /// A readable explanation quoting the specification.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
