/// A control-socket request that could not be served, as sent back to the client.
public struct ControlProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure; its description is the wire code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The wire name of the code.
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Builds a code from its wire name (for the client side).
        public init(wireName: String) { self.name = wireName }

        /// The request line is not a valid request.
        public static let malformedRequest = Code("malformedRequest")
        /// No reader with that name, or it is not a simulated reader.
        public static let unknownReader = Code("unknownReader")
        /// The reader is not running right now (restarting or shutting down).
        public static let readerUnavailable = Code("readerUnavailable")
        /// The tag could not be read (a protocol or transceive failure).
        public static let readFailed = Code("readFailed")
        /// The store could not commit the tap; nothing was acknowledged.
        public static let storeFailed = Code("storeFailed")
        /// No pipeline result in time.
        public static let timeout = Code("timeout")
        /// The daemon is shutting down.
        public static let shuttingDown = Code("shuttingDown")
        /// The connection to the daemon failed (client side).
        public static let connectionFailed = Code("connectionFailed")
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
