/// A failed pcsc-lite call: its return code, the C function that returned it, and pcsc-lite's own text.
///
/// These errors stay inside `NFCReaderPCSC`: the reader turns them into ``NFCTag/TransceiveError`` for the tag
/// protocols and ``NFCReader/ReaderStatus`` for the daemon; only discovery (`hukou readers`) shows them as they are.
public struct PCSCError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A pcsc-lite return code (`SCARD_E_*`, `SCARD_W_*`, `SCARD_F_*` in `pcsclite.h`), kept as its 32-bit pattern
    /// so that it reads the same on Linux (where `LONG` is 64 bits) and macOS.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code as pcsc-lite documents it, e.g. `0x8010000A` for `SCARD_E_TIMEOUT`.
        public let rawValue: UInt32

        /// Wraps a raw code.
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        public var description: String {
            "0x" + String(rawValue, radix: 16, uppercase: true)
        }

        /// `SCARD_E_CANCELLED`: `SCardCancel` aborted the wait.
        public static let cancelled = Code(rawValue: 0x8010_0002)
        /// `SCARD_E_INVALID_HANDLE`: the context or card handle is stale (often after a pcscd restart).
        public static let invalidHandle = Code(rawValue: 0x8010_0003)
        /// `SCARD_E_INSUFFICIENT_BUFFER`: the response did not fit.
        public static let insufficientBuffer = Code(rawValue: 0x8010_0008)
        /// `SCARD_E_UNKNOWN_READER`: no reader of that name.
        public static let unknownReader = Code(rawValue: 0x8010_0009)
        /// `SCARD_E_TIMEOUT`: the wait ended without a change.
        public static let timeout = Code(rawValue: 0x8010_000A)
        /// `SCARD_E_SHARING_VIOLATION`: another program holds the card exclusively.
        public static let sharingViolation = Code(rawValue: 0x8010_000B)
        /// `SCARD_E_NO_SMARTCARD`: no card in the reader.
        public static let noSmartcard = Code(rawValue: 0x8010_000C)
        /// `SCARD_E_PROTO_MISMATCH`: neither T=0 nor T=1 could be agreed.
        public static let protocolMismatch = Code(rawValue: 0x8010_000F)
        /// `SCARD_E_NOT_READY`: the reader or card is not ready.
        public static let notReady = Code(rawValue: 0x8010_0010)
        /// `SCARD_F_COMM_ERROR`: the socket to pcscd failed.
        public static let communicationError = Code(rawValue: 0x8010_0013)
        /// `SCARD_E_NOT_TRANSACTED`: the reader could not complete the exchange (often a card that left).
        public static let notTransacted = Code(rawValue: 0x8010_0016)
        /// `SCARD_E_READER_UNAVAILABLE`: the reader was unplugged.
        public static let readerUnavailable = Code(rawValue: 0x8010_0017)
        /// `SCARD_E_NO_SERVICE`: pcscd is not running.
        public static let noService = Code(rawValue: 0x8010_001D)
        /// `SCARD_E_SERVICE_STOPPED`: pcscd shut down.
        public static let serviceStopped = Code(rawValue: 0x8010_001E)
        /// `SCARD_E_UNSUPPORTED_FEATURE`: the driver lacks the requested function.
        public static let unsupportedFeature = Code(rawValue: 0x8010_001F)
        /// `SCARD_E_NO_READERS_AVAILABLE`: pcscd knows no reader at all.
        public static let noReadersAvailable = Code(rawValue: 0x8010_002E)
        /// `SCARD_W_UNRESPONSIVE_CARD`: the card does not answer a reset.
        public static let unresponsiveCard = Code(rawValue: 0x8010_0066)
        /// `SCARD_W_UNPOWERED_CARD`: the card lost power.
        public static let unpoweredCard = Code(rawValue: 0x8010_0067)
        /// `SCARD_W_RESET_CARD`: another program reset the card.
        public static let resetCard = Code(rawValue: 0x8010_0068)
        /// `SCARD_W_REMOVED_CARD`: the card left the field.
        public static let removedCard = Code(rawValue: 0x8010_0069)
    }

    /// The return code.
    public var code: Code
    /// The pcsc-lite function that returned it, e.g. `SCardTransmit`.
    public var function: String
    /// `pcsc_stringify_error` of the code.
    public var message: String

    /// Creates an error.
    public init(code: Code, function: String, message: String) {
        self.code = code
        self.function = function
        self.message = message
    }

    public var description: String {
        "\(function) failed: \(message) (\(code))"
    }

    /// True when pcscd itself is gone or was restarted, so the context must be established again.
    public var meansServiceLost: Bool {
        [.noService, .serviceStopped, .communicationError, .invalidHandle].contains(code)
    }

    /// True when the card (the tag) is no longer there.
    public var meansCardLost: Bool {
        [.removedCard, .noSmartcard, .resetCard, .unpoweredCard, .unresponsiveCard, .notTransacted].contains(code)
    }
}
