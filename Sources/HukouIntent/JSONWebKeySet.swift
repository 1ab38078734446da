/// A JWK Set: `{"keys": [...]}`.
struct JSONWebKeySet: Codable, Sendable, Hashable {
    var keys: [JSONWebKey]
}
