public import Foundation
import GRDB

/// The reads behind the waiting hall and the station's statistics: one station-local day at a time.
extension CounterStore {
    // MARK: - Database Access: Reads

    /// The station-local day (`yyyy-MM-dd`) containing `date` (default: now).
    public func stationDay(of date: Date? = nil) -> String {
        localDay(date ?? options.clock())
    }

    /// The Gregorian calendar in the station's time zone (hours of the day, day boundaries).
    public var dayCalendar: Calendar { calendar }

    /// The start and end of the station-local day `day` (`yyyy-MM-dd`), or `nil` if it is not such a date.
    public func bounds(ofDay day: String) -> DateInterval? {
        Self.bounds(ofDay: day, in: calendar)
    }

    /// The start and end of the day `day` (`yyyy-MM-dd`) in `calendar`'s time zone, or `nil` if it is not such a
    /// date. One rule for the station and for the district's copy of it.
    public static func bounds(ofDay day: String, in calendar: Calendar) -> DateInterval? {
        let parts = day.split(separator: "-", omittingEmptySubsequences: false)
        guard day.utf8.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]),
            let dayOfMonth = Int(parts[2]), (1...12).contains(month), (1...31).contains(dayOfMonth)
        else { return nil }
        guard let start = calendar.date(from: DateComponents(year: year, month: month, day: dayOfMonth)),
            Self.day(of: start, in: calendar) == day,
            let end = calendar.date(byAdding: .day, value: 1, to: start)
        else { return nil }
        return DateInterval(start: start, end: end)
    }

    /// Every transaction tapped on the station-local day `day` (`yyyy-MM-dd`), oldest first; masked data only.
    public func transactions(onDay day: String) async throws -> [CounterTransaction] {
        guard let interval = bounds(ofDay: day) else { return [] }
        return try await writer.read { db in
            try TransactionRecord.fetchAll(
                db,
                sql: "SELECT * FROM transactions WHERE created_at >= ? AND created_at < ? ORDER BY id",
                arguments: [
                    interval.start.timeIntervalSinceReferenceDate, interval.end.timeIntervalSinceReferenceDate,
                ]
            ).map { try $0.publicValue() }
        }
    }

    /// Who serves `transaction` now: the operator of its latest audit row that called it, called it again, started
    /// or resumed serving it (the actions that lead to `called` or `serving`), or `nil` if none.
    ///
    /// The log is read from its newest row backwards, so for a ticket being served the read stops after the few rows
    /// written since it was called.
    public func servingOperator(of transaction: TransactionID) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT operator FROM audit_log WHERE transaction_id = ? AND \(Self.servingActionsSQL)
                    ORDER BY seq DESC LIMIT 1
                    """,
                arguments: [transaction.rawValue]
            )
        }
    }

    /// `action IN (...)` for the transitions that lead to `called` or `serving`, from the state machine's table.
    private static let servingActionsSQL: String = {
        let names = Set(Transition.allCases.filter { $0.to == .called || $0.to == .serving }.map(\.auditName))
        return "action IN (" + names.sorted().map { "'\($0)'" }.joined(separator: ", ") + ")"
    }()

    /// The last `limit` calls and recalls of the station-local day `day`, oldest first, from the audit log.
    public func calls(onDay day: String, limit: Int) async throws -> [CallEvent] {
        guard let interval = bounds(ofDay: day), limit > 0 else { return [] }
        let startMs = Int64((interval.start.timeIntervalSince1970 * 1000).rounded())
        let endMs = Int64((interval.end.timeIntervalSince1970 * 1000).rounded())
        return try await writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.seq, a.at_ms, a.action, a.details, t.id, t.ticket, t.window, t.business_name_zh,
                           t.business_name_en, t.priority
                    FROM audit_log a JOIN transactions t ON t.id = a.transaction_id
                    WHERE a.action IN ('call', 'recall') AND a.at_ms >= ? AND a.at_ms < ?
                    ORDER BY a.seq DESC LIMIT ?
                    """,
                arguments: [startMs, endMs, limit]
            )
            return rows.reversed().compactMap { row -> CallEvent? in
                let details: String = row["details"]
                let ticket: String? = row["ticket"]
                guard let ticket else { return nil }
                // A call names its window in its details; a recall is at the window the ticket was called to.
                let calledWindow = details.split(separator: " ").lazy.compactMap { part -> Int? in
                    part.hasPrefix("window=") ? Int(part.dropFirst(7)) : nil
                }.first
                let atMs: Int64 = row["at_ms"]
                return CallEvent(
                    seq: row["seq"],
                    at: Date(timeIntervalSince1970: Double(atMs) / 1000),
                    isRecall: (row["action"] as String) == Transition.recall.auditName,
                    transactionID: TransactionID(rawValue: row["id"]),
                    ticket: ticket,
                    window: calledWindow ?? row["window"],
                    businessNameZH: row["business_name_zh"],
                    businessNameEN: row["business_name_en"],
                    priority: Priority(rawValue: row["priority"]) ?? .normal
                )
            }
        }
    }
}
