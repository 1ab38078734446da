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
        row.hash = row.computedHash()
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

    /// Walks the audit log in sequence order and checks every row's link and hash.
    ///
    /// - Returns: ``AuditVerification/intact(rows:)``, or ``AuditVerification/broken(firstBadSeq:reason:)``
    ///   naming the first row that does not verify (edited, inserted, or following a deleted row).
    public func verifyAudit() async throws -> AuditVerification {
        try await writer.read { db in
            var expectedSeq: Int64 = 1
            var prevHash = AuditRecord.genesisHash
            var count = 0
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
                guard row.computedHash() == row.hash else {
                    return .broken(firstBadSeq: row.seq, reason: "hash does not match the row's content (row altered)")
                }
                prevHash = row.hash
                expectedSeq += 1
                count += 1
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
