public import Foundation
import GRDB

/// Whether the receipt of a transaction reached the phone (docs/intent-format.md §12).
public struct ReceiptDelivery: Sendable, Hashable {
    /// True when the last write completed on the phone; false when the phone left or refused it.
    public var delivered: Bool
    /// How many taps tried to write the receipt.
    public var attempts: Int
    /// When the last attempt ended.
    public var updatedAt: Date

    /// Creates a value.
    public init(delivered: Bool, attempts: Int, updatedAt: Date) {
        self.delivered = delivered
        self.attempts = attempts
        self.updatedAt = updatedAt
    }
}

extension CounterStore {
    /// The schema of receipt deliveries: one row per transaction whose phone asked for a receipt.
    static func registerReceiptMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6: receipt delivery") { db in
            try db.execute(
                sql: """
                    CREATE TABLE receipt_deliveries (
                        transaction_id INTEGER PRIMARY KEY REFERENCES transactions(id),
                        delivered INTEGER NOT NULL CHECK (delivered IN (0, 1)),
                        attempts INTEGER NOT NULL CHECK (attempts >= 1),
                        updated_at REAL NOT NULL
                    )
                    """
            )
        }
    }

    /// Records the outcome of one receipt write for `id`: the last attempt decides `delivered`.
    public func recordReceiptDelivery(_ id: TransactionID, delivered: Bool, at date: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO receipt_deliveries (transaction_id, delivered, attempts, updated_at)
                    VALUES (?, ?, 1, ?)
                    ON CONFLICT(transaction_id) DO UPDATE SET
                        delivered = excluded.delivered, attempts = attempts + 1, updated_at = excluded.updated_at
                    """,
                arguments: [id.rawValue, delivered ? 1 : 0, date.timeIntervalSinceReferenceDate]
            )
        }
    }

    /// The receipt delivery of `id`, or nil when its phone never asked for one.
    public func receiptDelivery(of id: TransactionID) async throws -> ReceiptDelivery? {
        try await writer.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT delivered, attempts, updated_at FROM receipt_deliveries WHERE transaction_id = ?",
                arguments: [id.rawValue]
            ).map { row in
                ReceiptDelivery(
                    delivered: (row["delivered"] as Int64) == 1,
                    attempts: row["attempts"],
                    updatedAt: Date(timeIntervalSinceReferenceDate: row["updated_at"])
                )
            }
        }
    }

    /// The place of `transaction` in line at its window: among the pending requests while pending, in the window's
    /// calling order once queued; nil when it is in neither.
    public func linePosition(of transaction: CounterTransaction) async throws -> Int? {
        let line: [CounterTransaction]
        if transaction.state == .pending {
            line = try await transactions(window: transaction.window, states: [.pending])
        } else {
            line = try await queue(window: transaction.window)
        }
        return line.firstIndex { $0.id == transaction.id }.map { $0 + 1 }
    }
}
