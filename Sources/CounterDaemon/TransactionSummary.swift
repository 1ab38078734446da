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
