/// Whether an intent was signed, and by which trusted key.
public enum SignatureStatus: Sendable, Hashable, Codable {
    /// No signature; accepted only because policy allows unsigned intents of this profile.
    case unsigned
    /// A valid JWS signature by the trusted key `keyID` with algorithm `alg` (`EdDSA` or `ES256`).
    case verified(keyID: String, alg: String)
}
