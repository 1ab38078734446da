import JWTKit

/// The intent claims in the shape jwt-kit serialises for signing; members that are `nil` are omitted.
///
/// Counters never verify through this type: ``IntentVerifier`` parses strictly and checks times with its own clock.
struct WireClaims: JWTPayload, Hashable {
    var v: Int
    var p: String?
    var svc: String
    var win: Int?
    var iat: Int64?
    var nbf: Int64?
    var exp: Int64?
    var nonce: String?
    var pri: String?
    var data: [String: String]?
    var rcpt: Bool?

    /// Claims are checked by ``IntentVerifier`` with an injected clock, not by jwt-kit.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
