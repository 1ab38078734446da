/// A line the clerk typed that is not a command, with the explanation in both languages.
public struct CounterCommandError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of mistake.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The first word is no command.
        public static let unknownCommand = Code("unknownCommand")
        /// A required argument is missing.
        public static let missingArgument = Code("missingArgument")
        /// An argument has the wrong form.
        public static let invalidArgument = Code("invalidArgument")
        /// More arguments than the command takes.
        public static let extraArgument = Code("extraArgument")
        /// The line is too long.
        public static let lineTooLong = Code("lineTooLong")
    }

    /// What was wrong.
    public var code: Code
    /// The explanation in Chinese.
    public var zh: String
    /// The explanation in English.
    public var en: String

    /// Creates an error.
    public init(_ code: Code, zh: String, en: String) {
        self.code = code
        self.zh = zh
        self.en = en
    }

    public var description: String { "\(zh) / \(en)" }
}
