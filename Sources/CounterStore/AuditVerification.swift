/// The outcome of walking the audit log's hash chain with ``CounterStore/verifyAudit()``.
public enum AuditVerification: Sendable, Hashable, CustomStringConvertible {
    /// Every row links to the one before and hashes to its stored hash.
    case intact(rows: Int)
    /// The first row (by sequence number) that does not verify, and why.
    case broken(firstBadSeq: Int64, reason: String)
    /// The chain verifies, but a transaction's current state is not where its audit rows lead (changed
    /// without an audit row), or a transaction has no audit row at all.
    case stateMismatch(transactionID: Int64, reason: String)

    /// `true` for ``intact(rows:)``.
    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .intact(let rows): "audit chain intact (\(rows) rows)"
        case .broken(let seq, let reason): "audit chain broken at seq \(seq): \(reason)"
        case .stateMismatch(let id, let reason): "transaction \(id) does not match the audit log: \(reason)"
        }
    }
}
