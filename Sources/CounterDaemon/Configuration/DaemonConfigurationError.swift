/// A configuration file or flag the daemon cannot use, with where it came from.
public struct DaemonConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The configuration file could not be read.
        public static let unreadableFile = Code("unreadableFile")
        /// The file is not valid TOML, has an unknown key or a value of the wrong type.
        public static let invalidFile = Code("invalidFile")
        /// A reader binding is not `KIND:NAME@WINDOW`.
        public static let invalidReaderBinding = Code("invalidReaderBinding")
        /// Two readers share a name.
        public static let duplicateReader = Code("duplicateReader")
        /// A value is out of its allowed range.
        public static let outOfRange = Code("outOfRange")
        /// A required value is missing.
        public static let missingValue = Code("missingValue")
    }

    /// What went wrong.
    public var code: Code
    /// A readable explanation naming the key or flag.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
