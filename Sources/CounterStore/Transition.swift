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

    /// The audit log's action name.
    var auditName: String {
        switch self {
        case .noShow: "no_show"
        case .resumeToServing, .resumeToQueue: "resume"
        default: rawValue
        }
    }
}
