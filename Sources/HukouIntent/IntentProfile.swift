/// Which kind of tag carried an intent.
public enum IntentProfile: String, Sendable, Hashable, Codable, CaseIterable {
    /// A printed NTAG card from the rack in the hall: a business code, maybe a window; no personal data.
    case serviceCard
    /// An Android phone emulating a Type 4 tag: business, applicant prefill data, `iat`/`exp`/`nonce`.
    case phone

    /// The value of the payload's `p` claim (absent means a service card).
    var wireName: String {
        switch self {
        case .serviceCard: "card"
        case .phone: "phone"
        }
    }
}
