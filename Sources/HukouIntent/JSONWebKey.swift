/// A JSON Web Key (RFC 7517) as it appears in the trusted-key set and in private key files.
///
/// `profiles` is this format's own member (ignored by other JWK readers): the intent profiles the key may sign.
struct JSONWebKey: Codable, Sendable, Hashable {
    var kty: String
    var crv: String?
    var x: String?
    var y: String?
    var d: String?
    var kid: String?
    var alg: String?
    var use: String?
    var profiles: [IntentProfile]?
}
