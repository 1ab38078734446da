import Foundation
import GRDB

/// Ticket issuance: confirming a pending tap gives it the day's next number in its category.
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
}
