public import Foundation

/// One row of the audit log as tools and tests read it: who did what to which transaction, when.
///
/// `details` never holds a name or a resident ID number in clear (a reveal names the field keys shown, not the
/// values).
public struct AuditEntry: Sendable, Hashable, Codable {
    /// The row's place in the chain, from 1.
    public var seq: Int64
    /// When it was written.
    public var at: Date
    /// Who acted (a staff member as `姓名(警号)/login`, a reader as `reader:NAME`).
    public var `operator`: String
    /// What was done (`confirm`, `reveal`, `refused`, …).
    public var action: String
    /// The transaction concerned, if any.
    public var transactionID: TransactionID?
    /// The action's particulars (`key=value` words).
    public var details: String
}
