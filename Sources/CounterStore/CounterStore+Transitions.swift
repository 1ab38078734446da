import Foundation
import GRDB

/// The clerk's actions that are one step of the state machine each (reject, start, complete, suspend, resume,
/// cancel), and the machinery every action shares: check the ``Transition``, edit the row, append the audit row,
/// in one write. Tickets are issued in `CounterStore+Tickets.swift`, calls in `CounterStore+Calling.swift`,
/// transfers in `CounterStore+Transfer.swift`.
extension CounterStore {
    // MARK: - Database Access: Writes

    /// Rejects a pending transaction with a reason shown to the applicant.
    ///
    /// - Throws: ``CounterStoreError`` `.invalidInput` (empty reason), `.notFound`, `.illegalTransition`.
    public func reject(_ id: TransactionID, reason: String, operator: String) async throws -> CounterTransaction {
        try Validation.reason(reason)
        return try await change(id, .reject, operator: `operator`) { record, _, now in
            record.rejectReason = reason
            record.finishedAt = now
            return "reason=\(reason)"
        }
    }

    /// Starts serving a called transaction.
    public func startService(_ id: TransactionID, operator: String) async throws -> CounterTransaction {
        try await change(id, .start, operator: `operator`) { record, _, now in
            record.serviceStartedAt = now
            return "ticket=\(record.ticket ?? "")"
        }
    }

    /// Completes a transaction being served; the audit row names the materials left unticked, if any.
    public func complete(_ id: TransactionID, operator: String) async throws -> CounterTransaction {
        try await change(id, .complete, operator: `operator`) { record, db, now in
            record.finishedAt = now
            let checked = try Self.checkedMaterials(db, id)
            let unchecked = (0..<record.materials.count).map { $0 + 1 }.filter { !checked.contains($0) }
            let ticket = "ticket=\(record.ticket ?? "")"
            return unchecked.isEmpty
                ? ticket : ticket + " unchecked=" + unchecked.map(String.init).joined(separator: ",")
        }
    }

    /// Parks a transaction for missing material. It remembers whether it was being served.
    public func suspend(_ id: TransactionID, reason: String, operator: String) async throws -> CounterTransaction {
        try Validation.reason(reason)
        return try await change(id, .suspend, operator: `operator`) { record, _, now in
            record.suspendedFrom = record.state
            record.suspendReason = reason
            record.suspendedAt = now
            return "ticket=\(record.ticket ?? "") from=\(record.state) reason=\(reason)"
        }
    }

    /// Brings back a suspended transaction: to ``TransactionState/serving`` if it was suspended while
    /// being served (the applicant is back at the window), otherwise to the queue
    /// (``TransactionState/confirmed``) at its original place.
    public func resume(_ id: TransactionID, operator: String) async throws -> CounterTransaction {
        try Validation.operatorName(`operator`)
        let clock = options.clock
        return try await immediateWrite { db in
            let record = try fetchRecord(db, id)
            let transition: Transition = record.suspendedFrom == .serving ? .resumeToServing : .resumeToQueue
            return try apply(db, record, transition, operator: `operator`, now: clock()) {
                record,
                _,
                _ in
                let from = record.suspendedFrom ?? record.state
                record.suspendedFrom = nil
                return "ticket=\(record.ticket ?? "") suspended_from=\(from)"
            }
        }
    }

    /// Cancels a transaction that has not reached a final state.
    public func cancel(_ id: TransactionID, operator: String) async throws -> CounterTransaction {
        try await change(id, .cancel, operator: `operator`) { record, _, now in
            record.finishedAt = now
            return "ticket=\(record.ticket ?? "") from=\(record.state)"
        }
    }

    // MARK: - Transition machinery

    /// Loads the transaction, checks the transition, lets `edit` fill in the fields, saves it and
    /// appends the audit row — all in one immediate write transaction.
    func change(
        _ id: TransactionID,
        _ transition: Transition,
        operator: String,
        _ edit: @escaping @Sendable (inout TransactionRecord, Database, Date) throws -> String
    ) async throws -> CounterTransaction {
        try Validation.operatorName(`operator`)
        let clock = options.clock
        return try await immediateWrite { db in
            let record = try fetchRecord(db, id)
            return try apply(db, record, transition, operator: `operator`, now: clock(), edit)
        }
    }

    func apply(
        _ db: Database,
        _ record: TransactionRecord,
        _ transition: Transition,
        operator: String,
        now: Date,
        _ edit: (inout TransactionRecord, Database, Date) throws -> String
    ) throws -> CounterTransaction {
        let id = TransactionID(record.id ?? 0)
        guard transition.from.contains(record.state) else {
            throw CounterStoreError.illegal(id, from: record.state, to: transition.to, transition.auditName)
        }
        var updated = record
        let details = try edit(&updated, db, now)
        updated.state = transition.to
        updated.updatedAt = now
        try updated.update(db)
        try appendAudit(
            db,
            at: now,
            operator: `operator`,
            action: transition.auditName,
            transaction: record.id,
            details: details
        )
        return try updated.publicValue()
    }

    func fetchRecord(_ db: Database, _ id: TransactionID) throws -> TransactionRecord {
        guard let record = try TransactionRecord.fetchOne(db, key: id.rawValue) else {
            throw CounterStoreError(.notFound, "no transaction \(id)", transactionID: id)
        }
        return record
    }
}
