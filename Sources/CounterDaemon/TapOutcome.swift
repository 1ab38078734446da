/// What became of one tap after the pipeline finished with it; reported only after the store committed.
public struct TapOutcome: Sendable, Hashable {
    /// The three answers a citizen can get.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A new transaction is stored.
        case accepted
        /// The intent was received before; the existing transaction is returned, nothing new is stored.
        case duplicate
        /// The intent was refused; nothing was stored.
        case rejected
    }

    /// The answer.
    public var kind: Kind
    /// The stored transaction (accepted or duplicate).
    public var transaction: TransactionSummary?
    /// Why the intent was refused (rejected).
    public var reasons: [RejectionReason]

    /// A stored or recognised tap.
    public static func stored(_ transaction: TransactionSummary, duplicate: Bool) -> TapOutcome {
        TapOutcome(kind: duplicate ? .duplicate : .accepted, transaction: transaction, reasons: [])
    }

    /// A refused tap.
    public static func rejected(_ reasons: [RejectionReason]) -> TapOutcome {
        TapOutcome(kind: .rejected, transaction: nil, reasons: reasons)
    }
}

/// A stored transaction as the control socket and logs show it: identifiers and state, no personal data.
public struct TransactionSummary: Sendable, Hashable, Codable {
    /// The transaction id the clerk types.
    public var id: Int64
    /// The state (`pending`, `confirmed`, …).
    public var state: String
    /// The ticket, once confirmed.
    public var ticket: String?
    /// The counter window.
    public var window: Int
    /// The business code (`ID_RENEW`, …).
    public var businessCode: String

    /// Creates a summary.
    public init(id: Int64, state: String, ticket: String?, window: Int, businessCode: String) {
        self.id = id
        self.state = state
        self.ticket = ticket
        self.window = window
        self.businessCode = businessCode
    }

    enum CodingKeys: String, CodingKey {
        case id, state, ticket, window
        case businessCode = "business_code"
    }
}

/// One reason an intent was refused, in both languages.
public struct RejectionReason: Sendable, Hashable, Codable {
    /// The field at fault (`id_number`, `signature`, `payload`, …).
    public var field: String
    /// A stable reason code.
    public var code: String
    /// The message in Chinese.
    public var zh: String
    /// The message in English.
    public var en: String

    /// Creates a reason.
    public init(field: String, code: String, zh: String, en: String) {
        self.field = field
        self.code = code
        self.zh = zh
        self.en = en
    }
}
