public import Foundation

/// Remembers which intent nonces have been used, so a replayed intent is refused.
///
/// The counter store persists it across restarts; ``InMemorySeenNonceStore`` serves tests and tools.
public protocol SeenNonceStore: Sendable {
    /// Records `nonce` (scoped by the signing key) as used until `expiry`.
    ///
    /// - Returns: `true` if the nonce was new and is now recorded, `false` if it was seen before and has not expired.
    func claim(nonce: String, keyID: String, expiry: Date, now: Date) async throws -> Bool
}

/// A process-local ``SeenNonceStore``.
public actor InMemorySeenNonceStore: SeenNonceStore {
    private var seen: [String: Date] = [:]
    private var nextPrune = Date.distantPast

    /// Creates an empty store.
    public init() {}

    public func claim(nonce: String, keyID: String, expiry: Date, now: Date) async throws -> Bool {
        // Expired entries are dropped at most once a minute, so a claim costs O(1) amortised.
        if now >= nextPrune {
            seen = seen.filter { $0.value > now }
            nextPrune = now.addingTimeInterval(60)
        }
        let key = keyID + "\u{1F}" + nonce
        if let until = seen[key], until > now { return false }
        seen[key] = expiry
        return true
    }
}
