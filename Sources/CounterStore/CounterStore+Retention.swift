public import Foundation
import GRDB

/// What ``CounterStore/purgePersonalData(finishedBefore:operator:dryRun:)`` did, or would do.
public struct PurgeReport: Sendable, Hashable {
    /// The transactions whose personal data was (or would be) removed, in id order.
    public var transactionIDs: [TransactionID]
    /// `true` when nothing was changed.
    public var dryRun: Bool

    /// Creates a report.
    public init(transactionIDs: [TransactionID], dryRun: Bool) {
        self.transactionIDs = transactionIDs
        self.dryRun = dryRun
    }
}

extension CounterStore {
    /// The most transactions purged in one write transaction, so a large backlog never holds the lock for long.
    static let purgeBatchSize = 256

    /// Removes the sealed personal data of every transaction that ended (completed, rejected, cancelled, no-show)
    /// before `cutoff`: the sealed intent payload and applicant data, and the ID-number look-up hash. The masked
    /// name and ID number, the business, the states, tickets, times and reasons stay (statistics and the clerk's
    /// history), and each purge appends an audit row (`purge`), so ``verifyAudit()`` still passes.
    ///
    /// Freed bytes are overwritten (`PRAGMA secure_delete`), and the WAL is checkpointed and truncated afterwards,
    /// so the database, its WAL and later backups hold nothing of the purged values.
    ///
    /// - Parameters:
    ///   - cutoff: transactions that finished before this instant are purged.
    ///   - dryRun: only report what would be purged.
    /// - Throws: ``CounterStoreError`` `.invalidInput` for a bad operator name, or a database error.
    public func purgePersonalData(
        finishedBefore cutoff: Date,
        operator: String,
        dryRun: Bool = false
    ) async throws -> PurgeReport {
        try Validation.operatorName(`operator`)
        let finalStates = TransactionState.allCases.filter(\.isFinal).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let selection = """
            SELECT id FROM transactions
            WHERE purged_at IS NULL AND finished_at < ? AND state IN (\(finalStates))
            ORDER BY id LIMIT ?
            """
        if dryRun {
            let ids = try await writer.read { db in
                try Int64.fetchAll(db, sql: selection, arguments: [cutoff.timeIntervalSinceReferenceDate, Int.max])
            }
            return PurgeReport(transactionIDs: ids.map { TransactionID($0) }, dryRun: true)
        }
        let clock = options.clock
        let days = Int((clock().timeIntervalSince(cutoff) / 86_400).rounded())
        var purged: [TransactionID] = []
        while true {
            let batch = try await immediateWrite { db -> [Int64] in
                let ids = try Int64.fetchAll(
                    db,
                    sql: selection,
                    arguments: [cutoff.timeIntervalSinceReferenceDate, Self.purgeBatchSize]
                )
                let now = clock()
                for id in ids {
                    try db.execute(
                        sql: """
                            UPDATE transactions
                            SET intent_sealed = X'', applicant_sealed = NULL, id_number_hmac = NULL, purged_at = ?
                            WHERE id = ?
                            """,
                        arguments: [now.timeIntervalSinceReferenceDate, id]
                    )
                    try appendAudit(
                        db,
                        at: now,
                        operator: `operator`,
                        action: AuditAction.purge,
                        transaction: id,
                        details: "personal data removed (retention \(days) days)"
                    )
                }
                return ids
            }
            purged += batch.map { TransactionID($0) }
            if batch.count < Self.purgeBatchSize { break }
        }
        if !purged.isEmpty {
            // The old page images live on in the WAL until a checkpoint copies the new ones over them; truncating it
            // then removes them. A reader holding an old snapshot can keep part of the WAL for now: the next
            // checkpoint finishes the job, and secure_delete has already zeroed the freed space in the new pages.
            _ = try? await writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
        return PurgeReport(transactionIDs: purged, dryRun: false)
    }
}
