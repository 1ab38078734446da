import Foundation
import GRDB

extension CounterStore {
    /// Appends one hash-chained row to the audit log, inside the caller's write transaction.
    func appendAudit(
        _ db: Database,
        at date: Date,
        operator: String,
        action: String,
        transaction: Int64?,
        details: String
    ) throws {
        // A cursor row reads the statement in place (`Row.fetchOne` would copy it); columns by position,
        // as the statement names them.
        let cursor = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        )
        var lastSeq: Int64 = 0
        var prevHash = AuditRecord.genesisHash
        if let last = try cursor.next() {
            lastSeq = try last.decode(Int64.self, atIndex: 0)
            prevHash = try last.decode(Data.self, atIndex: 1)
        }
        var row = AuditRecord(
            seq: lastSeq + 1,
            atMs: Int64((date.timeIntervalSince1970 * 1000).rounded()),
            operator: `operator`,
            action: action,
            transactionID: transaction,
            details: details,
            prevHash: prevHash,
            hash: Data()
        )
        row.hash = row.computedHash(key: key.auditKey)
        try db.cachedStatement(
            sql: """
                INSERT INTO audit_log (seq, at_ms, operator, action, transaction_id, details, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            row.seq, row.atMs, row.operator, row.action, row.transactionID, row.details, row.prevHash, row.hash,
        ])
    }

    // MARK: - Database Access: Reads

    /// Walks the audit log in sequence order and checks every row's link and keyed hash, then replays each
    /// transaction's audit rows through the state machine and compares the result with the row's current state.
    ///
    /// - Returns: ``AuditVerification/intact(rows:)``, ``AuditVerification/broken(firstBadSeq:reason:)``
    ///   naming the first row that does not verify (edited, inserted, or following a deleted row), or
    ///   ``AuditVerification/stateMismatch(transactionID:reason:)`` for a transaction changed without its
    ///   audit rows.
    /// - Throws: ``CounterStoreError`` `.invalidKey` without the database's store key (the chain is keyed).
    public func verifyAudit() async throws -> AuditVerification {
        let key = self.key
        return try await writer.read { db in
            try Self.checkKey(db, key, path: "the database", mayRecord: false)
            let keyedFrom = try Self.auditKeyedFrom(db)
            var expectedSeq: Int64 = 1
            var prevHash = AuditRecord.genesisHash
            var count = 0
            var replay = AuditReplay()
            let rows = try AuditRecord.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY seq")
            while let row = try rows.next() {
                guard row.seq == expectedSeq else {
                    return .broken(
                        firstBadSeq: row.seq,
                        reason: "sequence gap: expected \(expectedSeq), found \(row.seq) (rows removed)"
                    )
                }
                guard row.prevHash == prevHash else {
                    return .broken(
                        firstBadSeq: row.seq,
                        reason: "prev_hash does not match the hash of row \(row.seq - 1)"
                    )
                }
                guard row.computedHash(key: row.seq >= keyedFrom ? key.auditKey : nil) == row.hash else {
                    return .broken(firstBadSeq: row.seq, reason: "hash does not match the row's content (row altered)")
                }
                if let problem = replay.apply(row) { return .broken(firstBadSeq: row.seq, reason: problem) }
                prevHash = row.hash
                expectedSeq += 1
                count += 1
            }
            let states = try Row.fetchCursor(db, sql: "SELECT id, state FROM transactions ORDER BY id")
            var seen = 0
            while let state = try states.next() {
                let id: Int64 = state[0]
                let current: String = state[1]
                seen += 1
                guard let replayed = replay.states[id] else {
                    return .stateMismatch(transactionID: id, reason: "no audit row records this transaction")
                }
                guard replayed.state.rawValue == current else {
                    return .stateMismatch(
                        transactionID: id,
                        reason: "state is \(current), but its audit rows lead to \(replayed.state)"
                    )
                }
            }
            if seen != replay.states.count,
                let orphan = try replay.states.keys.sorted().first(where: {
                    try Int64.fetchOne(db, sql: "SELECT id FROM transactions WHERE id = ?", arguments: [$0]) == nil
                })
            {
                return .stateMismatch(transactionID: orphan, reason: "audited, but the transaction row is missing")
            }
            return .intact(rows: count)
        }
    }

    /// The audit rows of one transaction, or every row when `transaction` is `nil`, in sequence order.
    public func auditEntries(transaction: TransactionID? = nil) async throws -> [AuditEntry] {
        try await writer.read { db in
            let rows =
                if let transaction {
                    try AuditRecord.fetchAll(
                        db,
                        sql: "SELECT * FROM audit_log WHERE transaction_id = ? ORDER BY seq",
                        arguments: [transaction.rawValue]
                    )
                } else {
                    try AuditRecord.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY seq")
                }
            return rows.map { row in
                AuditEntry(
                    seq: row.seq,
                    at: Date(timeIntervalSince1970: Double(row.atMs) / 1000),
                    operator: row.operator,
                    action: row.action,
                    transactionID: row.transactionID.map { TransactionID($0) },
                    details: row.details
                )
            }
        }
    }

    /// A number that changes whenever any transaction changes; cheap enough to poll every 100 ms.
    ///
    /// It is the audit log's last sequence number: every change to a transaction appends an audit row
    /// in the same database transaction.
    public func changeToken() async throws -> Int64 {
        try await writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1") ?? 0
        }
    }
}
