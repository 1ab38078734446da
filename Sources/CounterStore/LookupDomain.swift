/// What a look-up hash is for. Each domain is mixed into the HMAC input, so equal bytes hashed for
/// different purposes never compare equal.
enum LookupDomain: String, Sendable, CaseIterable {
    /// A signed intent's key id and nonce.
    case dedupNonce = "dedup-nonce"
    /// The SHA-256 of an unsigned card's content.
    case dedupContent = "dedup-content"
    /// An applicant's ID number (uppercase-normalised).
    case idNumber = "id-number"
}
