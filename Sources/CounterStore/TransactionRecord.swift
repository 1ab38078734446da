import Foundation
import GRDB

/// One row of the `transactions` table. Internal: the public face is ``CounterTransaction``.
struct TransactionRecord: Codable, Sendable {
    var id: Int64?
    var state: TransactionState
    var ticket: String?
    var ticketDay: String?
    var window: Int
    var tapWindow: Int
    var transferredFromWindow: Int?
    var businessCode: String
    var businessNameZH: String
    var businessNameEN: String
    var ticketCategory: String
    var priority: Priority
    var priorityRank: Int
    var profile: String
    var signatureStatus: String
    var intentSealed: Data
    var applicantSealed: Data?
    var maskedName: String?
    var maskedIDNumber: String?
    var idNumberHMAC: Data?
    var materials: [String]
    var reader: String
    var dedupKind: String
    var dedupHash: Data
    var rejectReason: String?
    var suspendReason: String?
    var suspendedFrom: TransactionState?
    var recallCount: Int
    var createdAt: Date
    var confirmedAt: Date?
    var queuedAt: Date?
    var calledAt: Date?
    var serviceStartedAt: Date?
    var suspendedAt: Date?
    var transferredAt: Date?
    var finishedAt: Date?
    var updatedAt: Date

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case id, state, ticket, window, profile, materials, reader, priority
        case ticketDay = "ticket_day"
        case tapWindow = "tap_window"
        case transferredFromWindow = "transferred_from_window"
        case businessCode = "business_code"
        case businessNameZH = "business_name_zh"
        case businessNameEN = "business_name_en"
        case ticketCategory = "ticket_category"
        case priorityRank = "priority_rank"
        case signatureStatus = "signature_status"
        case intentSealed = "intent_sealed"
        case applicantSealed = "applicant_sealed"
        case maskedName = "masked_name"
        case maskedIDNumber = "masked_id_number"
        case idNumberHMAC = "id_number_hmac"
        case dedupKind = "dedup_kind"
        case dedupHash = "dedup_hash"
        case rejectReason = "reject_reason"
        case suspendReason = "suspend_reason"
        case suspendedFrom = "suspended_from"
        case recallCount = "recall_count"
        case createdAt = "created_at"
        case confirmedAt = "confirmed_at"
        case queuedAt = "queued_at"
        case calledAt = "called_at"
        case serviceStartedAt = "service_started_at"
        case suspendedAt = "suspended_at"
        case transferredAt = "transferred_at"
        case finishedAt = "finished_at"
        case updatedAt = "updated_at"
    }

    typealias Columns = CodingKeys

    /// The public view: masked applicant only, no sealed data.
    func publicValue() throws -> CounterTransaction {
        guard let id else { throw CounterStoreError(.corruptRow, "transaction row without id") }
        return CounterTransaction(
            id: TransactionID(id),
            state: state,
            ticket: ticket,
            ticketDay: ticketDay,
            window: window,
            transferredFromWindow: transferredFromWindow,
            businessCode: businessCode,
            businessNameZH: businessNameZH,
            businessNameEN: businessNameEN,
            ticketCategory: ticketCategory,
            priority: priority,
            profile: profile,
            signatureStatus: signatureStatus,
            maskedName: maskedName,
            maskedIDNumber: maskedIDNumber,
            materials: materials,
            reader: reader,
            rejectReason: rejectReason,
            suspendReason: suspendReason,
            recallCount: recallCount,
            createdAt: createdAt,
            confirmedAt: confirmedAt,
            queuedAt: queuedAt,
            calledAt: calledAt,
            serviceStartedAt: serviceStartedAt,
            suspendedAt: suspendedAt,
            transferredAt: transferredAt,
            finishedAt: finishedAt,
            updatedAt: updatedAt
        )
    }
}

// MARK: - Database

extension TransactionRecord: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "transactions"
    // Times as REAL seconds since 2001-01-01 UTC (Date's own representation): an exact round trip, so a
    // returned value equals a re-read, and numeric comparisons in SQL.
    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .timeIntervalSinceReferenceDate
    }

    static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .timeIntervalSinceReferenceDate
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

// MARK: - Fast insert

extension TransactionRecord {
    /// The tap path's INSERT: one cached statement with positional arguments, skipping Codable encoding.
    /// Values are bound exactly as the Codable path would store them (times as REAL seconds since the
    /// reference date, materials as a JSON array), so both read back alike.
    static let insertSQL = """
        INSERT INTO transactions (state, window, tap_window, business_code, business_name_zh, business_name_en,
            ticket_category, priority, priority_rank, profile, signature_status, intent_sealed, applicant_sealed,
            masked_name, masked_id_number, id_number_hmac, materials, reader, dedup_kind, dedup_hash, recall_count,
            created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
        """

    /// The arguments of ``insertSQL`` for this record, as concrete database values: built before the
    /// write transaction, so the writer only binds them.
    func pendingInsertArguments(materialsJSON: String) -> StatementArguments {
        // `[(any DatabaseValueConvertible)?]`: GRDB's generic `some Sequence<some DatabaseValueConvertible>`
        // initializer is unspecialised across modules and measured twice as slow.
        let values: [(any DatabaseValueConvertible)?] = [
            state.rawValue, window, tapWindow, businessCode, businessNameZH, businessNameEN,
            ticketCategory, priority.rawValue, priorityRank, profile, signatureStatus, intentSealed, applicantSealed,
            maskedName, maskedIDNumber, idNumberHMAC, materialsJSON, reader, dedupKind, dedupHash,
            createdAt.timeIntervalSinceReferenceDate, updatedAt.timeIntervalSinceReferenceDate,
        ]
        return StatementArguments(values)
    }

    /// Inserts a new pending record through ``insertSQL`` with ``pendingInsertArguments(materialsJSON:)``
    /// and returns its row id.
    static func insertPending(_ db: Database, arguments: StatementArguments) throws -> Int64 {
        try db.cachedStatement(sql: insertSQL).execute(arguments: arguments)
        return db.lastInsertedRowID
    }
}
