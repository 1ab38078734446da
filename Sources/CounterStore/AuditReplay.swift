/// Replays audit rows through the state machine (``Transition``), transaction by transaction, so
/// ``CounterStore/verifyAudit()`` can compare where they lead with each transaction's stored state.
struct AuditReplay {
    struct Replayed {
        var state: TransactionState
        /// The state a suspended transaction left (a resume returns to serving or to the queue).
        var suspendedFrom: TransactionState?
    }

    private(set) var states: [Int64: Replayed] = [:]

    /// Applies one row; returns why it does not fit the state machine, or `nil`.
    mutating func apply(_ row: AuditRecord) -> String? {
        guard let id = row.transactionID else { return nil }
        if row.action == AuditAction.tap {
            guard states[id] == nil else { return "a second tap row for transaction \(id)" }
            states[id] = Replayed(state: .pending)
            return nil
        }
        guard var current = states[id] else { return "\(row.action) of transaction \(id) before its tap row" }
        if let allowed = AuditAction.allowedStates[row.action] {
            guard allowed?.contains(current.state) ?? true else {
                return "\(row.action) of transaction \(id) in state \(current.state)"
            }
            return nil
        }
        let transition: Transition?
        if row.action == "resume" {
            transition = current.suspendedFrom == .serving ? .resumeToServing : .resumeToQueue
        } else {
            transition = Transition.allCases.first { $0.auditName == row.action }
        }
        guard let transition else { return "unknown action \(row.action)" }
        guard transition.from.contains(current.state) else {
            return "\(row.action) of transaction \(id) from \(current.state) is not a legal transition"
        }
        current.suspendedFrom = transition == .suspend ? current.state : nil
        current.state = transition.to
        states[id] = current
        return nil
    }
}
