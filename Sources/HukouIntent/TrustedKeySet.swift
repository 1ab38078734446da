import Crypto
public import Foundation

/// The public keys a counter trusts to sign intents, by key ID (`kid`).
///
/// Loaded once from a JWK Set file (RFC 7517; docs/intent-format.md §5); keys are parsed at load time, so checking
/// a tap costs one dictionary look-up and one signature verification.
public struct TrustedKeySet: Sendable {
    /// One trusted public key.
    public struct Key: Sendable {
        /// The key ID that intents name in their JWS header.
        public let keyID: String
        /// The only algorithm this key verifies.
        public let algorithm: SignatureAlgorithm
        /// The profiles this key may sign.
        public let profiles: Set<IntentProfile>
        let publicKey: PublicKey

        enum PublicKey: Sendable {
            case ed25519(Curve25519.Signing.PublicKey)
            case p256(P256.Signing.PublicKey)
        }

        /// Whether `signature` is this key's JWS signature over `signingInput` (ES256: raw r‖s, 64 bytes).
        package func isValidSignature(_ signature: [UInt8], for signingInput: ArraySlice<UInt8>) -> Bool {
            switch publicKey {
            case .ed25519(let key):
                return signature.count == 64 && key.isValidSignature(signature, for: signingInput)
            case .p256(let key):
                guard signature.count == 64,
                    let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature)
                else { return false }
                return key.isValidSignature(ecdsa, for: signingInput)
            }
        }
    }

    private let keys: [String: Key]

    /// No trusted key: only unsigned intents the policy allows pass.
    public static let empty = TrustedKeySet(uniqueKeys: [:])

    private init(uniqueKeys: [String: Key]) {
        self.keys = uniqueKeys
    }

    /// The trusted key IDs, sorted.
    public var keyIDs: [String] { keys.keys.sorted() }

    /// The key with this ID, if trusted.
    public func key(for keyID: String) -> Key? { keys[keyID] }

    /// Parses a JWK Set.
    ///
    /// Each key needs `kid` (1–64 printable ASCII characters, unique), `alg` (`EdDSA` or `ES256`) and matching
    /// `kty`/`crv`/`x`(/`y`); `profiles` (`["phone", "serviceCard"]`) defaults to both. Private members are refused.
    /// - Throws: ``KeyFileError``.
    public init(jwks data: Data) throws(KeyFileError) {
        guard data.count <= 1 << 20 else { throw KeyFileError(.malformed, "the key set is larger than 1 MiB") }
        let set: JSONWebKeySet
        do {
            set = try JSONDecoder().decode(JSONWebKeySet.self, from: data)
        } catch {
            throw KeyFileError(.malformed, "not a JWK Set ({\"keys\": [...]}): \(error)")
        }
        var keys: [String: Key] = [:]
        for (index, jwk) in set.keys.enumerated() {
            guard let kid = jwk.kid, Self.isValidKeyID(kid) else {
                throw KeyFileError(.invalidKeyID, "key \(index): kid missing or not 1–64 printable ASCII characters")
            }
            guard jwk.d == nil else {
                throw KeyFileError(.malformed, "key \(kid) holds private material (d); trust only public keys")
            }
            let key = try Self.publicKey(from: jwk, kid: kid)
            guard keys.updateValue(key, forKey: kid) == nil else {
                throw KeyFileError(.invalidKeyID, "kid \(kid) appears twice")
            }
        }
        self.keys = keys
    }

    /// Loads a JWK Set file.
    ///
    /// - Throws: ``KeyFileError``.
    public static func load(from url: URL) throws(KeyFileError) -> TrustedKeySet {
        let data: Data
        do {
            data = try BoundedFile.read(url, limit: 1 << 20)
        } catch {
            throw KeyFileError(.io, "\(url.path): \(error)")
        }
        return try TrustedKeySet(jwks: data)
    }

    static func publicKey(from jwk: JSONWebKey, kid: String) throws(KeyFileError) -> Key {
        guard let algName = jwk.alg, let alg = SignatureAlgorithm(rawValue: algName) else {
            throw KeyFileError(.unsupportedKey, "key \(kid): alg must be EdDSA or ES256")
        }
        let profiles = Set(jwk.profiles ?? IntentProfile.allCases)
        switch alg {
        case .eddsa:
            guard jwk.kty == "OKP", jwk.crv == "Ed25519" else {
                throw KeyFileError(.unsupportedKey, "key \(kid): EdDSA needs kty OKP and crv Ed25519")
            }
            guard let x = jwk.x.flatMap({ Base64URL.decode(Array($0.utf8)) }), x.count == 32,
                let key = try? Curve25519.Signing.PublicKey(rawRepresentation: x)
            else { throw KeyFileError(.invalidKeyMaterial, "key \(kid): x is not a 32-byte base64url Ed25519 key") }
            return Key(keyID: kid, algorithm: alg, profiles: profiles, publicKey: .ed25519(key))
        case .es256:
            guard jwk.kty == "EC", jwk.crv == "P-256" else {
                throw KeyFileError(.unsupportedKey, "key \(kid): ES256 needs kty EC and crv P-256")
            }
            guard let x = jwk.x.flatMap({ Base64URL.decode(Array($0.utf8)) }), x.count == 32,
                let y = jwk.y.flatMap({ Base64URL.decode(Array($0.utf8)) }), y.count == 32,
                let key = try? P256.Signing.PublicKey(x963Representation: [0x04] + x + y)
            else { throw KeyFileError(.invalidKeyMaterial, "key \(kid): x/y are not a P-256 point") }
            return Key(keyID: kid, algorithm: alg, profiles: profiles, publicKey: .p256(key))
        }
    }

    static func isValidKeyID(_ kid: String) -> Bool {
        (1...64).contains(kid.utf8.count) && kid.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }
}
