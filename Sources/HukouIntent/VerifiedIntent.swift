public import Foundation

/// An intent that passed decoding, validation, signature and freshness checks: safe to store as a pending request.
///
/// ``description`` is masked, so logging a value never leaks personal data.
public struct VerifiedIntent: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Service card or phone.
    public var profile: IntentProfile
    /// The business, as this counter's catalog defines it (materials, presence, ticket category).
    public var business: BusinessEntry
    /// The window the card or phone names, if any.
    public var window: Int?
    /// The applicant's validated data (phones only).
    public var applicant: ApplicantData?
    /// Whether and by whom it was signed.
    public var signature: SignatureStatus
    /// `iat`, when given.
    public var issuedAt: Date?
    /// `exp`, when given.
    public var expiresAt: Date?
    /// The nonce (phones), claimed by ``IntentVerifier/check(_:now:)``.
    public var nonce: String?
    /// The declared priority, if any; the clerk verifies it.
    public var priority: PriorityClass?
    /// Things the clerk should look at although the intent is accepted (ID sequence 000, a one-character name …).
    public var notes: [FieldIssue]
    /// The exact intent record payload, for storage and content-based idempotency.
    public var canonicalPayload: [UInt8]
    /// Whether the phone asked for a receipt (`rcpt: true`, docs/intent-format.md §12).
    public var wantsReceipt: Bool

    /// Creates a value (the verifier does this; tests and stores may too).
    public init(
        profile: IntentProfile,
        business: BusinessEntry,
        window: Int? = nil,
        applicant: ApplicantData? = nil,
        signature: SignatureStatus,
        issuedAt: Date? = nil,
        expiresAt: Date? = nil,
        nonce: String? = nil,
        priority: PriorityClass? = nil,
        notes: [FieldIssue] = [],
        canonicalPayload: [UInt8],
        wantsReceipt: Bool = false
    ) {
        self.profile = profile
        self.business = business
        self.window = window
        self.applicant = applicant
        self.signature = signature
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.nonce = nonce
        self.priority = priority
        self.notes = notes
        self.canonicalPayload = canonicalPayload
        self.wantsReceipt = wantsReceipt
    }

    /// What makes two taps the same request, independent of how the payload was written: format version 1, the
    /// profile, the business, the declared priority, the nonce and the applicant's fields (sorted), each
    /// length-prefixed. White space, member order, escapes, the card's `win` (the reader decides the window) and
    /// the signature do not count. Service-card duplicate detection hashes this.
    public var normalizedContent: [UInt8] {
        var parts = ["hukou-intent-content-v1", profile.rawValue, business.code, priority?.rawValue ?? "", nonce ?? ""]
        for (key, value) in (applicant?.fields ?? [:]).sorted(by: { $0.key < $1.key }) {
            parts.append(key)
            parts.append(value)
        }
        var bytes: [UInt8] = []
        for part in parts {
            let count = UInt32(truncatingIfNeeded: part.utf8.count)
            bytes += [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
            bytes += part.utf8
        }
        return bytes
    }

    public var description: String {
        var text = "\(profile.rawValue) \(business.code)"
        if let window { text += " window \(window)" }
        if let applicant { text += " \(applicant)" }
        return text
    }
}
