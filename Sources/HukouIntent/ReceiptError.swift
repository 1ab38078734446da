/// Why a receipt read from a phone does not verify: its NDEF, its JWS, its key, its signature or its claims.
public struct ReceiptError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The bytes are not an NDEF message.
        public static let invalidNDEF = Code("invalidNDEF")
        /// No `mps.gov.cn:hukou-receipt` record (an empty file after a torn write, or another message).
        public static let noReceiptRecord = Code("noReceiptRecord")
        /// More than one receipt record.
        public static let multipleReceiptRecords = Code("multipleReceiptRecords")
        /// The record payload is not a well-formed JWS, or too large.
        public static let malformedSignature = Code("malformedSignature")
        /// The JWS names a key the trusted set does not hold, or another algorithm than the key's.
        public static let unknownKey = Code("unknownKey")
        /// The signature does not verify with the named key.
        public static let badSignature = Code("badSignature")
        /// The signed claims are not a version-1 receipt (unknown member, wrong type, bad value).
        public static let invalidClaims = Code("invalidClaims")
        /// The receipt answers another intent (its nonce differs from the one expected).
        public static let nonceMismatch = Code("nonceMismatch")
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
