public import Foundation
import GRDB

extension CounterStore {
    // MARK: - Database Access: Reads

    /// The transaction with this id, or `nil`.
    public func transaction(_ id: TransactionID) async throws -> CounterTransaction? {
        try await writer.read { db in
            try TransactionRecord.fetchOne(db, key: id.rawValue)?.publicValue()
        }
    }

    /// The transaction holding `ticket` on the station-local day containing `day` (default: today).
    public func transaction(ticket: String, on day: Date? = nil) async throws -> CounterTransaction? {
        let dayText = localDay(day ?? options.clock())
        let normalized = ticket.trimmingCharacters(in: .whitespaces).uppercased()
        guard !normalized.isEmpty, normalized.utf8.count <= 16 else { return nil }
        return try await writer.read { db in
            try TransactionRecord.fetchOne(
                db,
                sql: "SELECT * FROM transactions WHERE ticket_day = ? AND ticket = ?",
                arguments: [dayText, normalized]
            )?.publicValue()
        }
    }

    /// Transactions, oldest first, optionally only those at `window` and in `states`.
    public func transactions(window: Int? = nil, states: Set<TransactionState>? = nil) async throws
        -> [CounterTransaction]
    {
        try await writer.read { db in
            var request = TransactionRecord.order(TransactionRecord.Columns.id)
            if let window { request = request.filter(TransactionRecord.Columns.window == window) }
            if let states { request = request.filter(states.map(\.rawValue).contains(TransactionRecord.Columns.state)) }
            return try request.fetchAll(db).map { try $0.publicValue() }
        }
    }

    /// The queue at `window` in calling order: priority lanes first, then the earliest queued.
    public func queue(window: Int) async throws -> [CounterTransaction] {
        try await writer.read { db in
            try TransactionRecord.fetchAll(
                db,
                sql: """
                    SELECT * FROM transactions
                    WHERE window = ? AND \(Transition.queuedStatesSQL)
                    ORDER BY priority_rank DESC, queued_at, id
                    """,
                arguments: [window]
            ).map { try $0.publicValue() }
        }
    }

    /// Transactions of the applicant with this resident ID number, found through its keyed hash
    /// (the number itself is never stored in clear).
    public func transactions(residentIDNumber: String) async throws -> [CounterTransaction] {
        let hash = idNumberLookupHash(residentIDNumber)
        return try await writer.read { db in
            try TransactionRecord.fetchAll(
                db,
                sql: "SELECT * FROM transactions WHERE id_number_hmac = ? ORDER BY id",
                arguments: [hash]
            ).map { try $0.publicValue() }
        }
    }

    /// The unmasked applicant data of a transaction, opened with the store key, without an audit row — for tools
    /// that audit their own access (the hand-off record); the clerk's view uses
    /// ``revealApplicant(_:atWindow:operator:)``. Never log it.
    public func applicant(of id: TransactionID) async throws -> ApplicantRecord? {
        let sealed = try await writer.read { db in
            try Data.fetchOne(
                db,
                sql: "SELECT applicant_sealed FROM transactions WHERE id = ?",
                arguments: [id.rawValue]
            )
        }
        guard let sealed else { return nil }
        return try Self.decodeApplicant(key.unseal(Array(sealed), context: "transactions.applicant_sealed"), id)
    }

    /// The intent payload exactly as tapped, opened with the store key.
    public func intentPayload(of id: TransactionID) async throws -> [UInt8]? {
        let sealed = try await writer.read { db in
            try Data.fetchOne(db, sql: "SELECT intent_sealed FROM transactions WHERE id = ?", arguments: [id.rawValue])
        }
        // Empty once the retention purge removed it.
        guard let sealed, !sealed.isEmpty else { return nil }
        return try key.unseal(Array(sealed), context: "transactions.intent_sealed")
    }
}
