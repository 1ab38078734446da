/// The JWS algorithms an intent may be signed with (RFC 7518, RFC 8037).
public enum SignatureAlgorithm: String, Sendable, Hashable, Codable, CaseIterable {
    /// Ed25519 (`"alg": "EdDSA"`, JWK `kty: OKP`, `crv: Ed25519`): the default; 64-byte signatures.
    case eddsa = "EdDSA"
    /// ECDSA P-256 with SHA-256 (`"alg": "ES256"`, JWK `kty: EC`, `crv: P-256`): for app backends with HSMs that lack Ed25519.
    case es256 = "ES256"
}
