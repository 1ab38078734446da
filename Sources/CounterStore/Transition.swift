/// The store's state-changing actions, each with the states it may start from and the state it leads to.
///
/// This table is the state machine; ``TransactionState/legalTransitions`` is derived from it.
enum Transition: String, Sendable, CaseIterable {
    case confirm, reject, call, recall, start, complete, noShow, transfer, suspend, resumeToServing, resumeToQueue,
        cancel

    var from: Set<TransactionState> {
        switch self {
        case .confirm, .reject: [.pending]
        case .call: [.confirmed, .transferred]
        case .recall, .noShow: [.called]
        case .start: [.called]
        case .complete: [.serving]
        case .transfer: [.confirmed, .transferred, .called, .serving]
        case .suspend: [.confirmed, .transferred, .called, .serving]
        case .resumeToServing, .resumeToQueue: [.suspended]
        case .cancel: [.pending, .confirmed, .transferred, .called, .serving, .suspended]
        }
    }

    var to: TransactionState {
        switch self {
        case .confirm: .confirmed
        case .reject: .rejected
        case .call, .recall: .called
        case .start, .resumeToServing: .serving
        case .complete: .completed
        case .noShow: .noShow
        case .transfer: .transferred
        case .suspend: .suspended
        case .resumeToQueue: .confirmed
        case .cancel: .cancelled
        }
    }

    /// The states that wait in a window's queue: exactly those ``call`` starts from. The queue queries, the
    /// calling order and ``TransactionState/isQueued`` all derive from this, so a state cannot be callable in
    /// one place and not in another.
    static let queuedStates: [TransactionState] = TransactionState.allCases.filter { Transition.call.from.contains($0) }

    /// ``queuedStates`` as an SQL condition on the `state` column (`state IN ('confirmed', 'transferred')`),
    /// built from the states' raw values only.
    static let queuedStatesSQL = "state IN (" + queuedStates.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"

    /// The audit log's action name.
    var auditName: String {
        switch self {
        case .noShow: "no_show"
        case .resumeToServing, .resumeToQueue: "resume"
        default: rawValue
        }
    }
}
