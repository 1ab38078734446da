public import Foundation

/// A validated tap, handed to ``CounterStore/submitTap(_:)`` to become a pending transaction.
public struct TapSubmission: Sendable, Hashable {
    /// The business code from the catalog (e.g. `HK-QR`).
    public var businessCode: String
    /// The business name in Chinese, as shown to the clerk.
    public var businessNameZH: String
    /// The business name in English.
    public var businessNameEN: String
    /// The ticket prefix for this business's category: one to three ASCII capital letters (`A`, `B`, ...).
    public var ticketCategory: String
    /// The window whose reader received the tap.
    public var window: Int
    /// The queue lane.
    public var priority: Priority
    /// The intent payload as read from the tag; stored sealed, never in clear.
    public var intentPayload: [UInt8]
    /// `card` (printed service card) or `phone` (HCE).
    public var profile: String
    /// The outcome of signature verification, as text for the clerk (`valid`, `unsigned`, ...).
    public var signatureStatus: String
    /// The applicant's personal data, if any.
    public var applicant: ApplicantRecord?
    /// What identifies a repeat of this tap.
    public var dedupKey: DedupKey
    /// Materials the clerk must check (names from the catalog).
    public var materials: [String]
    /// When the reader delivered the tap.
    public var receivedAt: Date
    /// The reader's configured name.
    public var reader: String

    /// Creates a submission.
    public init(
        businessCode: String,
        businessNameZH: String,
        businessNameEN: String,
        ticketCategory: String,
        window: Int,
        priority: Priority = .normal,
        intentPayload: [UInt8],
        profile: String,
        signatureStatus: String,
        applicant: ApplicantRecord? = nil,
        dedupKey: DedupKey,
        materials: [String] = [],
        receivedAt: Date = Date(),
        reader: String
    ) {
        self.businessCode = businessCode
        self.businessNameZH = businessNameZH
        self.businessNameEN = businessNameEN
        self.ticketCategory = ticketCategory
        self.window = window
        self.priority = priority
        self.intentPayload = intentPayload
        self.profile = profile
        self.signatureStatus = signatureStatus
        self.applicant = applicant
        self.dedupKey = dedupKey
        self.materials = materials
        self.receivedAt = receivedAt
        self.reader = reader
    }
}
