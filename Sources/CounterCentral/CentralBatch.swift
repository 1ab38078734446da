public import CounterStore
public import Foundation
import HukouText

/// The wire form of one batch for `hukou_central.ingest`, version 1 (docs/central.md): the audit rows, the newest
/// non-personal snapshot of each transaction they name, and those transactions' evaluations.
///
/// What never leaves the station: names and ID numbers (clear or masked), the applicant's other fields, the
/// citizen's evaluation comment, rejection and suspension reasons (free text), the reader names, clerks' names and
/// logins. A clerk appears as their staff number only.
public struct CentralBatch: Sendable, Encodable {
    /// The format's version.
    public static let version = 1

    struct Event: Sendable, Encodable {
        var seq: Int64
        var at: Int64
        var action: String
        var tx: Int64?
        var staff: String?
        var hash: String
        var prev: String
    }

    struct Transaction: Sendable, Encodable {
        var tx: Int64
        var state: String
        var ticket: String?
        var day: String?
        var win: Int
        var fromWin: Int?
        var business: String
        var zh: String
        var en: String
        var category: String
        var priority: String
        var profile: String
        var recalls: Int
        var created: Double
        var confirmed: Double?
        var queued: Double?
        var called: Double?
        var started: Double?
        var suspended: Double?
        var transferred: Double?
        var finished: Double?
        var updated: Double
        var subject: String?

        enum CodingKeys: String, CodingKey {
            case tx, state, ticket, day, win, business, zh, en, category, priority, profile, recalls, created
            case confirmed, queued, called, started, suspended, transferred, finished, updated, subject
            case fromWin = "from_win"
        }
    }

    struct Evaluation: Sendable, Encodable {
        var tx: Int64
        var win: Int
        var level: String
        var reasons: [String]
        var created: Double
        var rectified: String?
    }

    let v: Int
    let station: String
    let snapshot: Int64
    let events: [Event]
    let transactions: [Transaction]
    let evaluations: [Evaluation]

    /// The rows of `batch` for `station`; `staffNumber` turns an audit operator into a staff number (or `nil` for
    /// readers, trainees and anything else).
    public init(station: String, batch: OutboxBatch, staffNumber: (String) -> String?) {
        v = Self.version
        self.station = station
        snapshot = batch.snapshotSeq
        events = batch.events.map { event in
            Event(
                seq: event.seq,
                at: event.atMs,
                action: event.action,
                tx: event.transactionID?.rawValue,
                staff: staffNumber(event.operator),
                hash: Hex.encode(event.hash),
                prev: Hex.encode(event.prevHash)
            )
        }
        func ref(_ date: Date?) -> Double? { date?.timeIntervalSinceReferenceDate }
        transactions = batch.transactions.map { t in
            Transaction(
                tx: t.id.rawValue,
                state: t.state.rawValue,
                ticket: t.ticket,
                day: t.ticketDay,
                win: t.window,
                fromWin: t.transferredFromWindow,
                business: t.businessCode,
                zh: t.businessNameZH,
                en: t.businessNameEN,
                category: t.ticketCategory,
                priority: t.priority.rawValue,
                profile: t.profile,
                recalls: t.recallCount,
                created: t.createdAt.timeIntervalSinceReferenceDate,
                confirmed: ref(t.confirmedAt),
                queued: ref(t.queuedAt),
                called: ref(t.calledAt),
                started: ref(t.serviceStartedAt),
                suspended: ref(t.suspendedAt),
                transferred: ref(t.transferredAt),
                finished: ref(t.finishedAt),
                updated: t.updatedAt.timeIntervalSinceReferenceDate,
                subject: batch.subjects[t.id].map { Hex.encode($0) }
            )
        }
        evaluations = batch.evaluations.map { e in
            Evaluation(
                tx: e.transactionID.rawValue,
                win: e.window,
                level: e.level.rawValue,
                reasons: e.reasons.map(\.rawValue),
                created: e.createdAt.timeIntervalSinceReferenceDate,
                rectified: e.rectifiedOn
            )
        }
    }

    /// The number of audit rows.
    public var count: Int { events.count }

    /// The last audit row's sequence number, if any.
    public var lastSeq: Int64? { events.last?.seq }

    /// The JSON text sent (keys sorted, so equal batches are equal bytes).
    public func payload() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
