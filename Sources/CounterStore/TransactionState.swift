/// Where a counter transaction stands in its life, from the tap to the end of service.
///
/// The happy path is `pending → confirmed → called → serving → completed`. Side exits are
/// `rejected`, `cancelled` and `noShow` (all final), `transferred` (queued again at another window)
/// and `suspended` (parked for missing material until resumed). See `docs/store.md` for the full table.
public enum TransactionState: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Tapped and stored; waiting for the clerk to confirm or reject it.
    case pending
    /// Confirmed by the clerk; a ticket is issued and it waits in its window's queue.
    case confirmed
    /// Called to the window by ``CounterStore/callNext(window:operator:)``.
    case called
    /// The clerk is serving the applicant.
    case serving
    /// Service finished. Final.
    case completed
    /// Refused by the clerk, with a reason. Final.
    case rejected
    /// Withdrawn (by the applicant or the clerk). Final.
    case cancelled
    /// Called but the applicant did not come. Final.
    case noShow = "no_show"
    /// Moved to another window, where it waits in the queue again with its ticket.
    case transferred
    /// Parked for missing material; ``CounterStore/resume(_:operator:)`` brings it back.
    case suspended

    public var description: String { rawValue }

    /// `true` for states no action leaves: completed, rejected, cancelled, no-show.
    public var isFinal: Bool {
        switch self {
        case .completed, .rejected, .cancelled, .noShow: true
        default: false
        }
    }

    /// `true` for states that wait in a window's queue for ``CounterStore/callNext(window:operator:)``.
    public var isQueued: Bool { Transition.call.from.contains(self) }

    /// The states each state may move to through some action of ``CounterStore``. `called → called` is a recall.
    ///
    /// Each action also has its own starting states (e.g. only a suspended transaction resumes to
    /// `confirmed`; only a pending one is confirmed); see `docs/store.md`.
    public static let legalTransitions: [TransactionState: Set<TransactionState>] = {
        var table = Dictionary(uniqueKeysWithValues: TransactionState.allCases.map { ($0, Set<TransactionState>()) })
        for transition in Transition.allCases {
            for state in transition.from { table[state, default: []].insert(transition.to) }
        }
        return table
    }()

    /// Whether moving from this state to `next` is allowed.
    public func canMove(to next: TransactionState) -> Bool {
        Self.legalTransitions[self]?.contains(next) ?? false
    }
}
