/// One tap the pipeline finished, as the `recent` control request reports it: no personal data.
public struct RecentTap: Sendable, Hashable, Codable {
    /// Increases by one per tap since the daemon started.
    public var seq: Int64
    /// The window of the reader that read it.
    public var window: Int
    /// `accepted`, `duplicate` or `rejected`.
    public var outcome: TapOutcome.Kind
    /// The transaction (accepted or duplicate).
    public var transactionID: Int64?

    /// Creates an entry.
    public init(seq: Int64, window: Int, outcome: TapOutcome.Kind, transactionID: Int64?) {
        self.seq = seq
        self.window = window
        self.outcome = outcome
        self.transactionID = transactionID
    }

    enum CodingKeys: String, CodingKey {
        case seq, window, outcome
        case transactionID = "transaction_id"
    }
}
