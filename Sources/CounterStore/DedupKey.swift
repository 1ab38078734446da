/// What makes two taps "the same request", so a repeated tap returns the first transaction.
///
/// Never the tag UID: phones show a random UID on every tap.
public enum DedupKey: Sendable, Hashable {
    /// A signed intent's nonce, scoped by the signing key id. The same nonce is a duplicate forever.
    case nonce(String, keyID: String = "")
    /// The SHA-256 of an unsigned card's content. The same content at the same window within
    /// ``CounterStoreOptions/contentDedupInterval`` is a duplicate.
    case content(sha256: [UInt8])
}
