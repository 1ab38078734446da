import Foundation
import GRDB

/// Calling the queue: the next ticket for a window, a recall, a no-show.
extension CounterStore {
    // MARK: - Database Access: Writes

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

    /// Marks a called transaction whose applicant did not come.
    public func markNoShow(_ id: TransactionID, operator: String) async throws -> CounterTransaction {
        try await change(id, .noShow, operator: `operator`) { record, _, now in
            record.finishedAt = now
            return "ticket=\(record.ticket ?? "")"
        }
    }
}
