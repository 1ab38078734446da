import Foundation
import GRDB

/// The application at the window serving it: the audited reveal of the applicant data, the materials checklist the
/// clerk ticks off, and the refusals the access rules decide on.
extension CounterStore {
    // MARK: - Database Access: Writes

    /// Opens the applicant data of the transaction `window` is serving and appends a `reveal` audit row naming the
    /// field keys shown (never the values), in one write.
    ///
    /// - Returns: the applicant data, or `nil` for a tap that carried none (a service card; nothing is audited).
    /// - Throws: ``CounterStoreError`` `.notFound`, `.notServedHere` (the transaction is not being served at
    ///   `window`), `.sealedDataUnreadable`, `.corruptRow`.
    public func revealApplicant(_ id: TransactionID, atWindow window: Int, operator: String) async throws
        -> ApplicantRecord?
    {
        try Validation.operatorName(`operator`)
        let clock = options.clock
        let key = self.key
        return try await immediateWrite { db in
            let record = try fetchRecord(db, id)
            try Self.requireServed(record, atWindow: window, id)
            guard let applicant = try Self.openApplicant(record, key: key, id) else { return nil }
            try appendAudit(
                db,
                at: clock(),
                operator: `operator`,
                action: AuditAction.reveal,
                transaction: id.rawValue,
                details: "window=\(window) fields=\(applicant.fieldKeys.joined(separator: ","))"
            )
            return applicant
        }
    }

    /// Opens the applicant data of a transaction for its hand-off record and appends an `export` audit row naming
    /// the field keys and where the record went (`details`, e.g. `format=json to=stdout`), in one write. Any state;
    /// the caller has checked that the operator may export it.
    ///
    /// - Returns: the transaction and its applicant data (`nil` for a service card; the export is audited all the
    ///   same).
    /// - Throws: ``CounterStoreError`` `.notFound`, `.invalidInput` (`details`), `.sealedDataUnreadable`,
    ///   `.corruptRow`.
    public func exportApplicant(_ id: TransactionID, operator: String, details: String) async throws
        -> (transaction: CounterTransaction, applicant: ApplicantRecord?)
    {
        try Validation.operatorName(`operator`)
        try Validation.text(details, "details", max: 300)
        let clock = options.clock
        let key = self.key
        return try await immediateWrite { db in
            let record = try fetchRecord(db, id)
            let applicant = try Self.openApplicant(record, key: key, id)
            try appendAudit(
                db,
                at: clock(),
                operator: `operator`,
                action: AuditAction.export,
                transaction: id.rawValue,
                details: "fields=\((applicant?.fieldKeys ?? []).joined(separator: ",")) \(details)"
            )
            return (try record.publicValue(), applicant)
        }
    }

    /// Ticks off materials (numbered from 1 as the checklist shows them) of a transaction being served and appends a
    /// `check_materials` audit row.
    ///
    /// - Returns: the numbers ticked so far (this call's and earlier ones).
    /// - Throws: ``CounterStoreError`` `.invalidInput` (a number outside the checklist), `.notFound`,
    ///   `.notServedHere` (not being served at `window`).
    public func checkMaterials(_ id: TransactionID, numbers: [Int], atWindow window: Int, operator: String)
        async throws -> Set<Int>
    {
        try Validation.operatorName(`operator`)
        let clock = options.clock
        return try await immediateWrite { db in
            let record = try fetchRecord(db, id)
            try Self.requireServed(record, atWindow: window, id)
            for number in numbers where number < 1 || number > record.materials.count {
                throw CounterStoreError(
                    .invalidInput,
                    "material \(number) is not on the checklist of transaction \(id) (1–\(record.materials.count))",
                    transactionID: id
                )
            }
            let now = clock()
            for number in Set(numbers) {
                try db.execute(
                    sql: """
                        INSERT INTO material_checks (transaction_id, material, checked_at, operator)
                        VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
                        """,
                    arguments: [id.rawValue, number, now.timeIntervalSinceReferenceDate, `operator`]
                )
            }
            try appendAudit(
                db,
                at: now,
                operator: `operator`,
                action: AuditAction.checkMaterials,
                transaction: id.rawValue,
                details:
                    "checked=\(numbers.sorted().map(String.init).joined(separator: ",")) of=\(record.materials.count)"
            )
            return try Self.checkedMaterials(db, id)
        }
    }

    /// Appends a `refused` audit row: someone asked for an action the access rules do not allow them.
    ///
    /// - Parameters:
    ///   - action: the action asked for (e.g. `confirm`).
    ///   - reason: why it was refused (no personal data).
    public func recordRefusal(action: String, transaction: TransactionID?, reason: String, operator: String)
        async throws
    {
        try Validation.operatorName(`operator`)
        try Validation.text(action, "action", max: 64)
        try Validation.text(reason, "reason", max: 500)
        let clock = options.clock
        try await immediateWrite { db in
            try appendAudit(
                db,
                at: clock(),
                operator: `operator`,
                action: AuditAction.refused,
                transaction: transaction?.rawValue,
                details: "action=\(action) reason=\(reason)"
            )
        }
    }

    // MARK: - Database Access: Reads

    /// The material numbers (from 1) ticked off for a transaction.
    public func checkedMaterials(of id: TransactionID) async throws -> Set<Int> {
        try await writer.read { db in try Self.checkedMaterials(db, id) }
    }

    // MARK: - Helpers

    static func checkedMaterials(_ db: Database, _ id: TransactionID) throws -> Set<Int> {
        Set(
            try Int.fetchAll(
                db,
                sql: "SELECT material FROM material_checks WHERE transaction_id = ?",
                arguments: [id.rawValue]
            )
        )
    }

    /// The rule for everything that shows or ticks an application: the transaction is being served at `window`.
    static func requireServed(_ record: TransactionRecord, atWindow window: Int, _ id: TransactionID) throws {
        guard record.window == window, record.state == .serving else {
            throw CounterStoreError(
                .notServedHere,
                "transaction \(id) is not being served at window \(window)",
                transactionID: id
            )
        }
    }

    static func openApplicant(_ record: TransactionRecord, key: StoreKey, _ id: TransactionID) throws
        -> ApplicantRecord?
    {
        guard let sealed = record.applicantSealed else { return nil }
        return try decodeApplicant(key.unseal(Array(sealed), context: "transactions.applicant_sealed"), id)
    }

    static func decodeApplicant(_ plain: [UInt8], _ id: TransactionID) throws -> ApplicantRecord {
        do {
            return try JSONDecoder().decode(ApplicantRecord.self, from: Data(plain))
        } catch {
            throw CounterStoreError(
                .corruptRow,
                "applicant data of transaction \(id) does not decode",
                transactionID: id
            )
        }
    }
}
