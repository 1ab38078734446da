import Crypto
public import Foundation
import JWTKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An Ed25519 private key that signs intents (for `hukou intent make`, test vectors and app backends' reference).
///
/// Stored as a private JWK (RFC 8037: `kty OKP`, `crv Ed25519`, `d`, `x`, plus `kid` and `alg EdDSA`) in a file of
/// mode 0600; ``load(from:)`` refuses a file that group or others can read.
public struct IntentSigningKey: Sendable {
    /// The key ID written in every JWS header.
    public let keyID: String
    let privateKey: Curve25519.Signing.PrivateKey

    /// Generates a new random key.
    ///
    /// - Throws: ``KeyFileError`` with ``KeyFileError/Code/invalidKeyID`` for an unusable key ID.
    public static func generate(keyID: String) throws(KeyFileError) -> IntentSigningKey {
        guard TrustedKeySet.isValidKeyID(keyID) else {
            throw KeyFileError(.invalidKeyID, "a kid has 1–64 printable ASCII characters")
        }
        return IntentSigningKey(keyID: keyID, privateKey: Curve25519.Signing.PrivateKey())
    }

    private init(keyID: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.keyID = keyID
        self.privateKey = privateKey
    }

    /// Parses a private JWK.
    ///
    /// - Throws: ``KeyFileError``.
    public init(jwk data: Data) throws(KeyFileError) {
        let jwk: JSONWebKey
        do {
            jwk = try JSONDecoder().decode(JSONWebKey.self, from: data)
        } catch {
            throw KeyFileError(.malformed, "not a JWK object")
        }
        guard jwk.kty == "OKP", jwk.crv == "Ed25519", jwk.alg == nil || jwk.alg == "EdDSA" else {
            throw KeyFileError(.unsupportedKey, "only Ed25519 (kty OKP, crv Ed25519) signing keys are supported")
        }
        guard let kid = jwk.kid, TrustedKeySet.isValidKeyID(kid) else {
            throw KeyFileError(.invalidKeyID, "the key file needs a kid of 1–64 printable ASCII characters")
        }
        guard let d = jwk.d.flatMap({ Base64URL.decode(Array($0.utf8)) }), d.count == 32,
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: d)
        else { throw KeyFileError(.invalidKeyMaterial, "d is not a 32-byte base64url Ed25519 private key") }
        if let x = jwk.x, x != Base64URL.encode(key.publicKey.rawRepresentation) {
            throw KeyFileError(.invalidKeyMaterial, "x does not belong to d")
        }
        self.init(keyID: kid, privateKey: key)
    }

    /// Loads a private key file, refusing one that group or others may read.
    ///
    /// - Throws: ``KeyFileError``.
    public static func load(from url: URL) throws(KeyFileError) -> IntentSigningKey {
        let attributes: [FileAttributeKey: Any]
        let data: Data
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            data = try BoundedFile.read(url, limit: 64 << 10)
        } catch {
            throw KeyFileError(.io, "\(url.path): \(error)")
        }
        if let mode = attributes[.posixPermissions] as? NSNumber, mode.intValue & 0o077 != 0 {
            throw KeyFileError(
                .insecurePermissions,
                "\(url.path) is readable by others (mode \(String(mode.intValue, radix: 8))); run chmod 600"
            )
        }
        return try IntentSigningKey(jwk: data)
    }

    /// The public JWK, as an entry for the trusted-key set (`{"keys": [this]}`).
    public var publicJWK: [String: String] {
        [
            "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": keyID,
            "x": Base64URL.encode(privateKey.publicKey.rawRepresentation),
        ]
    }

    /// A trusted-key set file holding this key's public half, as JSON.
    public func trustedKeySetJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(["keys": [publicJWK]])) ?? Data()
    }

    /// The private JWK as JSON (what ``write(to:)`` stores).
    func privateJWKJSON() -> Data {
        var jwk = publicJWK
        jwk["d"] = Base64URL.encode(privateKey.rawRepresentation)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(jwk)) ?? Data()
    }

    /// Writes the private key to a new file with mode 0600 (never overwrites).
    ///
    /// - Throws: ``KeyFileError/Code/io`` if the file exists or cannot be written.
    public func write(to url: URL) throws(KeyFileError) {
        let bytes = [UInt8](privateJWKJSON()) + [UInt8(ascii: "\n")]
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw KeyFileError(
                .io,
                "\(url.path): cannot create (\(String(cString: strerror(errno)))); it must not exist"
            )
        }
        // The handle owns the descriptor from here on and closes it; `write(contentsOf:)` loops over short writes.
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: bytes)
            try handle.close()
        } catch {
            _ = unlink(url.path)  // created above by this call: leave no partial key behind
            throw KeyFileError(.io, "\(url.path): cannot write the key (\(error.localizedDescription))")
        }
    }

    /// Signs claims (an intent's, or a station's receipt) as a JWS compact serialization (`alg EdDSA`, this `kid`),
    /// using jwt-kit.
    func sign(_ claims: some JWTPayload) async throws -> [UInt8] {
        let keys = JWTKeyCollection()
        await keys.add(eddsa: EdDSA.PrivateKey(backing: privateKey), kid: JWKIdentifier(string: keyID))
        let token = try await keys.sign(claims, kid: JWKIdentifier(string: keyID))
        return Array(token.utf8)
    }

    /// Signs raw header and payload bytes exactly as given (test vectors with hostile JSON, e.g. duplicate
    /// members, that no well-behaved signer would produce).
    package func signCompact(header: [UInt8], payload: [UInt8]) throws -> [UInt8] {
        let input = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        let signature = try privateKey.signature(for: Array(input.utf8))
        return Array((input + "." + Base64URL.encode(signature)).utf8)
    }
}
