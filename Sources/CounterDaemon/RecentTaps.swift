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

/// The last taps the pipeline finished, kept in memory (bounded) for the clerks' terminals.
final class RecentTaps: Sendable {
    /// How many taps are kept.
    static let capacity = 256

    private let state = LockedValue((next: Int64(1), entries: [RecentTap]()))

    func record(window: Int, _ outcome: TapOutcome) {
        state.withLock { state in
            state.entries.append(
                RecentTap(
                    seq: state.next,
                    window: window,
                    outcome: outcome.kind,
                    transactionID: outcome.transaction?.id
                )
            )
            state.next += 1
            if state.entries.count > Self.capacity { state.entries.removeFirst(state.entries.count - Self.capacity) }
        }
    }

    /// The entries after `seq`, oldest first.
    func after(_ seq: Int64) -> [RecentTap] {
        state.withLock { state in state.entries.filter { $0.seq > seq } }
    }
}
