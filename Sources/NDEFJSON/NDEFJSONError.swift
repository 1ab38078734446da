/// JSON that does not describe an NDEF message in the form ``NDEFJSON`` reads: what is wrong and in which record.
public struct NDEFJSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Not JSON, or not an object with a `records` array of objects with an integer `tnf`.
        public static let notMessageObject = Code("notMessageObject")
        /// A `tnf` outside 0–6.
        public static let invalidTypeNameFormat = Code("invalidTypeNameFormat")
        /// A `type`, `id` or `payload` that is not hex.
        public static let invalidHex = Code("invalidHex")
    }

    /// The kind of problem.
    public let code: Code
    /// The index of the record at fault in `records`, if the problem is in one record.
    public let record: Int?
    /// What is wrong, in English.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, record: Int? = nil, _ message: String) {
        self.code = code
        self.record = record
        self.message = message
    }

    public var description: String {
        let place = record.map { "record \($0): " } ?? ""
        return "NDEF JSON error \(code): \(place)\(message)"
    }
}
