/// A trusted-key set or a private key file that cannot be used.
public struct KeyFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file could not be read or written.
        public static let io = Code(rawValue: "io")
        /// Not the documented JSON (a JWK Set, or one private JWK).
        public static let malformed = Code(rawValue: "malformed")
        /// A key type, curve or algorithm other than Ed25519/EdDSA or P-256/ES256.
        public static let unsupportedKey = Code(rawValue: "unsupportedKey")
        /// Key material of the wrong length or not on the curve.
        public static let invalidKeyMaterial = Code(rawValue: "invalidKeyMaterial")
        /// Two keys with the same `kid`, or a missing or over-long `kid`.
        public static let invalidKeyID = Code(rawValue: "invalidKeyID")
        /// A private key file readable by group or others.
        public static let insecurePermissions = Code(rawValue: "insecurePermissions")
    }

    /// What is wrong.
    public var code: Code
    /// A readable explanation (never key material).
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
