public import Crypto
public import Foundation
import GRDB

/// The audit log read as an outbox: the rows a replicator has not yet had acknowledged, in order, with the
/// non-personal facts of the transactions they name. Nothing is written per action for this; the only write is
/// the acknowledged high-water mark, one row per replication target.
extension CounterStore {
    /// The schema of the replication high-water marks (`target` names a central store).
    static func registerOutboxMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8: replication watermark") { db in
            try db.execute(
                sql: """
                    CREATE TABLE replication_state (
                        target TEXT PRIMARY KEY,
                        acked_seq INTEGER NOT NULL CHECK (acked_seq >= 0),
                        acked_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    """
            )
        }
    }

    // MARK: - Database Access: Reads

    /// Up to `limit` audit rows after `seq`, oldest first, with the latest snapshot of every transaction they
    /// name and of those transactions' evaluations, all read in one read transaction.
    ///
    /// - Parameter subjectKey: when given, each `tap` row whose applicant data is still sealed gets a keyed
    ///   pseudonym of the applicant's ID number (``OutboxBatch/subjects``): equal for one citizen under one key,
    ///   useless without it.
    public func outboxBatch(after seq: Int64, limit: Int, subjectKey: SymmetricKey? = nil) async throws
        -> OutboxBatch
    {
        let key = self.key
        let limit = max(1, min(limit, 10_000))
        return try await writer.read { db in
            let head = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM audit_log") ?? 0
            let rows = try AuditRecord.fetchAll(
                db,
                sql: "SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
                arguments: [seq, limit]
            )
            let events = rows.map { row in
                OutboxEvent(
                    seq: row.seq,
                    atMs: row.atMs,
                    action: row.action,
                    transactionID: row.transactionID.map { TransactionID($0) },
                    operator: row.operator,
                    hash: row.hash,
                    prevHash: row.prevHash
                )
            }
            let ids = Array(Set(rows.compactMap(\.transactionID))).sorted()
            var transactions: [CounterTransaction] = []
            var evaluations: [Evaluation] = []
            var subjects: [TransactionID: Data] = [:]
            let tapped = Set(rows.filter { $0.action == AuditAction.tap }.compactMap(\.transactionID))
            // SQLite binds at most 32 766 variables; the limit keeps far below that.
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let records = try TransactionRecord.fetchAll(
                    db,
                    sql: "SELECT * FROM transactions WHERE id IN (\(marks)) ORDER BY id",
                    arguments: StatementArguments(chunk)
                )
                for record in records {
                    transactions.append(try record.publicValue())
                    guard let subjectKey, let id = record.id, tapped.contains(id) else { continue }
                    let transaction = TransactionID(id)
                    if let number = try? Self.openApplicant(record, key: key, transaction)?.idNumber {
                        subjects[transaction] = Self.subjectPseudonym(idNumber: number, key: subjectKey)
                    }
                }
                evaluations += try Self.fetchEvaluations(db, where: "e.transaction_id IN (\(marks))", chunk)
            }
            return OutboxBatch(
                events: events,
                transactions: transactions,
                evaluations: evaluations,
                subjects: subjects,
                snapshotSeq: head
            )
        }
    }

    /// The acknowledged high-water mark for `target` and how far the log has grown beyond it.
    public func outboxStatus(target: String) async throws -> OutboxStatus {
        try await writer.read { db in
            let head = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM audit_log") ?? 0
            let acked =
                try Row.fetchOne(
                    db,
                    sql: "SELECT acked_seq, acked_at FROM replication_state WHERE target = ?",
                    arguments: [target]
                )
            let ackedSeq: Int64 = acked?["acked_seq"] ?? 0
            let ackedAt = (acked?["acked_at"] as Double?).map { Date(timeIntervalSinceReferenceDate: $0) }
            let oldestMs = try Int64.fetchOne(
                db,
                sql: "SELECT at_ms FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 1",
                arguments: [ackedSeq]
            )
            return OutboxStatus(
                headSeq: head,
                ackedSeq: ackedSeq,
                ackedAt: ackedAt,
                oldestUnacknowledged: oldestMs.map { Date(timeIntervalSince1970: Double($0) / 1000) }
            )
        }
    }

    // MARK: - Database Access: Writes

    /// Records that `target` holds every audit row up to `seq`. The mark only rises: a lower `seq` (an answer that
    /// arrived late) changes nothing, and a `seq` beyond the log's end is refused.
    ///
    /// - Throws: ``CounterStoreError`` `.invalidInput` for a `seq` past the last audit row or an empty target.
    public func acknowledgeOutbox(target: String, through seq: Int64, at date: Date) async throws {
        try Validation.text(target, "target", max: 64)
        try await writer.write { db in
            let head = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM audit_log") ?? 0
            guard seq >= 0, seq <= head else {
                throw CounterStoreError(
                    .invalidInput,
                    "acknowledged sequence \(seq) is beyond the audit log's last row \(head)"
                )
            }
            try db.execute(
                sql: """
                    INSERT INTO replication_state (target, acked_seq, acked_at) VALUES (?, ?, ?)
                    ON CONFLICT(target) DO UPDATE SET acked_seq = excluded.acked_seq, acked_at = excluded.acked_at
                    WHERE excluded.acked_seq > replication_state.acked_seq
                    """,
                arguments: [target, seq, date.timeIntervalSinceReferenceDate]
            )
        }
    }

    /// The district pseudonym of an ID number: HMAC-SHA256 under `key` of a domain label and the upper-cased
    /// number. One citizen has one pseudonym under one key, across stations; without the key it reveals nothing.
    public static func subjectPseudonym(idNumber: String, key: SymmetricKey) -> Data {
        var input = Data("hukou-district-subject-v1\u{0}".utf8)
        input.append(contentsOf: idNumber.uppercased().utf8)
        return Data(HMAC<SHA256>.authenticationCode(for: input, using: key))
    }
}

/// One audit row as the outbox hands it on.
public struct OutboxEvent: Sendable, Hashable {
    /// The row's sequence number (1, 2, 3, … without gaps).
    public var seq: Int64
    /// When, in milliseconds since 1970.
    public var atMs: Int64
    /// The action (`tap`, `confirm`, `call`, …, `evaluate`).
    public var action: String
    /// The transaction it concerns, if any.
    public var transactionID: TransactionID?
    /// Who did it, as the audit log names them (a staff audit name, a reader, a training-mode operator).
    public var `operator`: String
    /// The row's chain hash.
    public var hash: Data
    /// The previous row's chain hash.
    public var prevHash: Data
}

/// A run of audit rows and the facts a central copy needs about the transactions they name.
public struct OutboxBatch: Sendable {
    /// The rows, in sequence order.
    public var events: [OutboxEvent]
    /// The current snapshot of each transaction the rows name (masked fields included; a replicator picks
    /// what it sends).
    public var transactions: [CounterTransaction]
    /// The evaluations of those transactions.
    public var evaluations: [Evaluation]
    /// District pseudonyms of the applicants of the batch's taps, when asked for and still sealed.
    public var subjects: [TransactionID: Data]
    /// The audit log's last row when the snapshots were read: they describe the transactions as of that row.
    public var snapshotSeq: Int64
}

/// How far a replication target has acknowledged the audit log.
public struct OutboxStatus: Sendable, Hashable, Codable {
    /// The audit log's last row.
    public var headSeq: Int64
    /// The last row the target has acknowledged (0 for none).
    public var ackedSeq: Int64
    /// When the mark last rose.
    public var ackedAt: Date?
    /// When the oldest row not yet acknowledged was written; `nil` when everything is acknowledged.
    public var oldestUnacknowledged: Date?

    /// Rows not yet acknowledged.
    public var backlog: Int64 { max(0, headSeq - ackedSeq) }

    /// How old the oldest unacknowledged row is at `now`, in seconds (0 when nothing is waiting).
    public func lagSeconds(now: Date) -> Double {
        oldestUnacknowledged.map { max(0, now.timeIntervalSince($0)) } ?? 0
    }
}

extension CounterStore {
    /// The sequence numbers and chain hashes of up to `limit` audit rows after `seq`, in order (the audit anchor
    /// check compares them with the central copy).
    public func auditHashes(after seq: Int64, limit: Int) async throws -> [(seq: Int64, hash: Data)] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT seq, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
                arguments: [seq, max(1, min(limit, 100_000))]
            ).map { (seq: $0[0], hash: $0[1]) }
        }
    }
}
