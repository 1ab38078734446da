/// A business catalog (or a local override file) that cannot be used.
public struct CatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file could not be read.
        public static let unreadable = Code(rawValue: "unreadable")
        /// The file is not the documented JSON shape.
        public static let malformed = Code(rawValue: "malformed")
        /// A business code does not match `[A-Z][A-Z0-9_]{1,31}`.
        public static let invalidCode = Code(rawValue: "invalidCode")
        /// A category is not one letter A–Z.
        public static let invalidCategory = Code(rawValue: "invalidCategory")
        /// A business refers to a field that is not defined.
        public static let undefinedField = Code(rawValue: "undefinedField")
        /// A new business lacks a name, category, presence or required fields.
        public static let incompleteEntry = Code(rawValue: "incompleteEntry")
        /// A name, material, label or note that breaks the free-text rule (control or format characters, such as
        /// ESC or bidi overrides; surrounding white space; empty).
        public static let invalidText = Code(rawValue: "invalidText")
        /// A choice field without choices, or a field listed twice.
        public static let invalidField = Code(rawValue: "invalidField")
    }

    /// What is wrong.
    public var code: Code
    /// A readable explanation naming the entry or field.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
