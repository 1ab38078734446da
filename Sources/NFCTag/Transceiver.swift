/// Sends one command frame to a tag in the field and returns its response.
///
/// A transceiver is confined to the thread of the reader that owns it (blocking C calls run
/// there, never on Swift's cooperative pool), so it is deliberately not `Sendable`. Tag
/// protocol code is synchronous and runs on that thread through ``TagSession/perform(_:)``.
///
/// Frames are the tag's own commands without CRC: for a Type 2 tag `30 pp` (READ),
/// `3A ss ee` (FAST_READ), `60` (GET_VERSION); for a Type 4 (ISO-DEP) tag, ISO 7816-4 APDUs.
/// A backend that cannot send a native command (a PC/SC storage card) translates it or throws
/// ``TransceiveError/Code/commandNotSupported``.
public protocol Transceiver {
    /// The largest frames this reader can carry, so protocols size their reads to it.
    var limits: TransceiverLimits { get }

    /// Sends `command` and waits at most `timeout` for the response.
    ///
    /// - Throws: ``TransceiveError``; a NAK of a Type 2 tag is returned as a 1-byte response, not thrown.
    func transceive(_ command: [UInt8], timeout: Duration) throws(TransceiveError) -> [UInt8]
}

/// Frame size limits of a reader path.
public struct TransceiverLimits: Hashable, Sendable {
    /// The most bytes one command may carry.
    public var maximumCommandLength: Int
    /// The most bytes one response may carry (e.g. 252 for a PN532 normal frame after its header).
    public var maximumResponseLength: Int

    /// Creates limits.
    public init(maximumCommandLength: Int, maximumResponseLength: Int) {
        self.maximumCommandLength = maximumCommandLength
        self.maximumResponseLength = maximumResponseLength
    }
}

/// A failure of one exchange with a tag, raised by a ``Transceiver``.
public struct TransceiveError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// No answer in time.
        public static let timeout = Code("timeout")
        /// An RF transmission error (collision, CRC, parity).
        public static let transmission = Code("transmission")
        /// The tag left the field.
        public static let tagRemoved = Code("tagRemoved")
        /// The reader is gone or wedged.
        public static let readerUnavailable = Code("readerUnavailable")
        /// The response did not fit the reader's frame or the buffer.
        public static let overflow = Code("overflow")
        /// The reader path cannot carry this command.
        public static let commandNotSupported = Code("commandNotSupported")
        /// The exchange was aborted (shutdown).
        public static let cancelled = Code("cancelled")
        /// Anything else the backend reported.
        public static let other = Code("other")
    }

    /// What went wrong.
    public var code: Code
    /// A readable explanation, with the backend's own error text where there is one.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
