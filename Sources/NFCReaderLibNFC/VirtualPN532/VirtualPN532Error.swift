import Foundation

/// A failure of the virtual PN532's pseudo-terminal.
public struct VirtualPN532Error: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A system call failed.
        public static let system = Code("system")
        /// The link path exists and is not a symlink; it is left alone.
        public static let linkOccupied = Code("linkOccupied")
    }

    /// What failed.
    public var code: Code
    /// A readable explanation with the call and `strerror` text.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func system(_ call: String, _ number: Int32) -> VirtualPN532Error {
        VirtualPN532Error(.system, "\(call): \(String(cString: strerror(number))) (errno \(number))")
    }

    static func linkOccupied(_ path: String) -> VirtualPN532Error {
        VirtualPN532Error(.linkOccupied, "\(path) exists and is not a symlink")
    }
}
