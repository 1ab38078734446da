import Foundation
import GRDB

extension CounterStore {
    // MARK: - Database Access: Writes

    /// Confirms a pending transaction and issues its ticket (category prefix + the day's next number),
    /// in the same write transaction.
    ///
    /// - Throws: ``CounterStoreError`` `.notFound`, `.illegalTransition` (unless pending).
    public func confirm(_ id: TransactionID, operator: String) async throws -> CounterTransaction {
        try await change(id, .confirm, operator: `operator`) { record, db, now in
            let day = localDay(now)
            let number = try Int64.fetchOne(
                db,
                sql: """
                    INSERT INTO ticket_counters (day, category, last_number) VALUES (?, ?, 1)
                    ON CONFLICT (day, category) DO UPDATE SET last_number = last_number + 1
                    RETURNING last_number
                    """,
                arguments: [day, record.ticketCategory]
            )
            guard let number else { throw CounterStoreError(.corruptRow, "ticket counter returned nothing") }
            record.ticket = record.ticketCategory + (number < 1000 ? String(format: "%03lld", number) : String(number))
            record.ticketDay = day
            record.confirmedAt = now
            record.queuedAt = now
            return "ticket=\(record.ticket ?? "") window=\(record.window) priority=\(record.priority)"
        }
    }

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

    /// Calls the next queued transaction at `window`: priority lanes first, then the earliest queued.
    ///
    /// Atomic across processes (`BEGIN IMMEDIATE`): two terminals never get the same transaction.
    /// - Returns: the called transaction, or `nil` if the window's queue is empty.
    public func callNext(window: Int, operator: String) async throws -> CounterTransaction? {
        try Validation.window(window)
        try Validation.operatorName(`operator`)
        let clock = options.clock
        return try await immediateWrite { db in
            let next = try TransactionRecord.fetchOne(
                db,
                sql: """
                    SELECT * FROM transactions
                    WHERE window = ? AND \(Transition.queuedStatesSQL)
                    ORDER BY priority_rank DESC, queued_at, id
                    LIMIT 1
                    """,
                arguments: [window]
            )
            guard var record = next, let rowID = record.id else { return nil }
            let now = clock()
            record.state = Transition.call.to
            record.calledAt = now
            record.updatedAt = now
            try record.update(db)
            try appendAudit(
                db,
                at: now,
                operator: `operator`,
                action: Transition.call.auditName,
                transaction: rowID,
                details: "ticket=\(record.ticket ?? "") window=\(window)"
            )
            return try record.publicValue()
        }
    }

    /// Re-announces a called transaction and counts the recall.
    public func recall(_ id: TransactionID, operator: String) async throws -> CounterTransaction {
        try await change(id, .recall, operator: `operator`) { record, _, now in
            record.recallCount += 1
            record.calledAt = now
            return "ticket=\(record.ticket ?? "") recall=\(record.recallCount)"
        }
    }

    /// Starts serving a called transaction.
    public func startService(_ id: TransactionID, operator: String) async throws -> CounterTransaction {
        try await change(id, .start, operator: `operator`) { record, _, now in
            record.serviceStartedAt = now
            return "ticket=\(record.ticket ?? "")"
        }
    }

    /// Completes a transaction being served.
    public func complete(_ id: TransactionID, operator: String) async throws -> CounterTransaction {
        try await change(id, .complete, operator: `operator`) { record, _, now in
            record.finishedAt = now
            return "ticket=\(record.ticket ?? "")"
        }
    }

    /// Marks a called transaction whose applicant did not come.
    public func markNoShow(_ id: TransactionID, operator: String) async throws -> CounterTransaction {
        try await change(id, .noShow, operator: `operator`) { record, _, now in
            record.finishedAt = now
            return "ticket=\(record.ticket ?? "")"
        }
    }

    /// Moves a queued, called or served transaction to another window, where it joins the back of the
    /// queue (in its priority lane) with the same ticket, in state ``TransactionState/transferred``.
    ///
    /// - Throws: ``CounterStoreError`` `.invalidInput` if `toWindow` is out of range or the current window.
    public func transfer(_ id: TransactionID, toWindow: Int, operator: String) async throws -> CounterTransaction {
        try Validation.window(toWindow)
        return try await change(id, .transfer, operator: `operator`) { record, db, now in
            guard record.window != toWindow else {
                throw CounterStoreError(
                    .invalidInput,
                    "transaction \(id) is already at window \(toWindow)",
                    transactionID: id
                )
            }
            try ensureWindow(db, toWindow, at: now)
            let from = record.window
            record.transferredFromWindow = from
            record.window = toWindow
            record.transferredAt = now
            record.queuedAt = now
            return "ticket=\(record.ticket ?? "") from=\(from) to=\(toWindow)"
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
    private func change(
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

    private func apply(
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
