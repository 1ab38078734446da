public import Foundation
import GRDB

/// 好差评: one evaluation per completed transaction, from the pad of the window that completed it, for a few minutes
/// after completion; bad ones are followed up with a rectification (整改). Each is audited.
extension CounterStore {
    // MARK: - Database Access: Writes

    /// Stores the evaluation of a completed transaction sent by the pad of `window`.
    ///
    /// - Throws: ``CounterStoreError`` — `.notFound`; `.invalidInput` for a bad level without a reason, an
    ///   over-long comment; `.illegalTransition` when the transaction is not completed, not at `window`, completed
    ///   more than ``Evaluation/acceptanceWindow`` ago, or already evaluated. Nothing is stored then.
    @discardableResult
    public func evaluate(
        _ id: TransactionID,
        window: Int,
        level: EvaluationLevel,
        reasons: [EvaluationReason],
        comment: String?
    ) async throws -> Evaluation {
        try Validation.window(window)
        let reasons = Array(Set(reasons)).sorted { $0.rawValue < $1.rawValue }
        let comment = comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        if level.isBad, reasons.isEmpty {
            throw CounterStoreError(.invalidInput, "a bad evaluation needs at least one reason", transactionID: id)
        }
        if let comment,
            comment.count > Evaluation.maximumCommentLength
                || comment.unicodeScalars.contains(where: {
                    $0.properties.generalCategory == .control
                })
        {
            throw CounterStoreError(
                .invalidInput,
                "the comment must be at most \(Evaluation.maximumCommentLength) characters of text",
                transactionID: id
            )
        }
        let clock = options.clock
        return try await immediateWrite { db in
            let record = try fetchRecord(db, id)
            let now = clock()
            guard record.state == .completed, record.window == window, let finished = record.finishedAt,
                now.timeIntervalSince(finished) <= Evaluation.acceptanceWindow
            else {
                throw CounterStoreError(
                    .illegalTransition,
                    "transaction \(id) is not one just completed at window \(window)",
                    transactionID: id,
                    from: record.state
                )
            }
            let existing = try Int.fetchOne(
                db,
                sql: "SELECT 1 FROM evaluations WHERE transaction_id = ?",
                arguments: [id.rawValue]
            )
            guard existing == nil else {
                throw CounterStoreError(.illegalTransition, "transaction \(id) is already evaluated", transactionID: id)
            }
            let evaluation = Evaluation(
                transactionID: id,
                ticket: record.ticket,
                businessCode: record.businessCode,
                window: window,
                level: level,
                reasons: reasons,
                comment: (comment?.isEmpty ?? true) ? nil : comment,
                createdAt: now
            )
            try db.execute(
                sql: """
                    INSERT INTO evaluations (transaction_id, window, level, reasons, comment, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id.rawValue, window, level.rawValue, reasons.map(\.rawValue).joined(separator: ","),
                    evaluation.comment, now.timeIntervalSinceReferenceDate,
                ]
            )
            // The citizen's text is not copied into the audit log (it may hold anything).
            try appendAudit(
                db,
                at: now,
                operator: "pad:\(window)",
                action: AuditAction.evaluate,
                transaction: id.rawValue,
                details:
                    "ticket=\(record.ticket ?? "") level=\(level.rawValue) reasons=\(reasons.map(\.rawValue).joined(separator: ","))"
            )
            return evaluation
        }
    }

    /// Records the rectification (整改) of a bad evaluation and its date.
    ///
    /// - Throws: ``CounterStoreError`` `.notFound` (no evaluation), `.invalidInput` (not a bad one, empty or
    ///   over-long note, a date that is not `yyyy-MM-dd`).
    @discardableResult
    public func rectify(_ id: TransactionID, note: String, on day: String, operator: String) async throws
        -> Evaluation
    {
        try Validation.operatorName(`operator`)
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(note.count) else {
            throw CounterStoreError(.invalidInput, "the rectification note must be 1–500 characters", transactionID: id)
        }
        guard bounds(ofDay: day) != nil else {
            throw CounterStoreError(.invalidInput, "the rectification date must be yyyy-MM-dd", transactionID: id)
        }
        let clock = options.clock
        return try await immediateWrite { db in
            guard var evaluation = try Self.fetchEvaluations(db, where: "e.transaction_id = ?", [id.rawValue]).first
            else { throw CounterStoreError(.notFound, "transaction \(id) has no evaluation", transactionID: id) }
            guard evaluation.level.isBad else {
                throw CounterStoreError(.invalidInput, "only a bad evaluation is rectified", transactionID: id)
            }
            try db.execute(
                sql:
                    "UPDATE evaluations SET rectification = ?, rectified_on = ?, rectified_by = ? WHERE transaction_id = ?",
                arguments: [note, day, `operator`, id.rawValue]
            )
            try appendAudit(
                db,
                at: clock(),
                operator: `operator`,
                action: AuditAction.rectify,
                transaction: id.rawValue,
                details: "ticket=\(evaluation.ticket ?? "") on=\(day)"
            )
            evaluation.rectification = note
            evaluation.rectifiedOn = day
            evaluation.rectifiedBy = `operator`
            return evaluation
        }
    }

    // MARK: - Database Access: Reads

    /// Evaluations, oldest first: all, or only bad ones, or only bad ones without a rectification.
    public func evaluations(badOnly: Bool = false, openOnly: Bool = false) async throws -> [Evaluation] {
        var conditions = ["1"]
        if badOnly || openOnly { conditions.append("e.level IN ('dissatisfied', 'very_dissatisfied')") }
        if openOnly { conditions.append("e.rectification IS NULL") }
        let clause = conditions.joined(separator: " AND ")
        return try await writer.read { db in try Self.fetchEvaluations(db, where: clause, []) }
    }

    /// The evaluations given on the station-local day `day`, oldest first.
    public func evaluations(onDay day: String) async throws -> [Evaluation] {
        guard let interval = bounds(ofDay: day) else { return [] }
        return try await writer.read { db in
            try Self.fetchEvaluations(
                db,
                where: "e.created_at >= ? AND e.created_at < ?",
                [interval.start.timeIntervalSinceReferenceDate, interval.end.timeIntervalSinceReferenceDate]
            )
        }
    }

    /// The evaluation of a transaction, if any.
    public func evaluation(of id: TransactionID) async throws -> Evaluation? {
        try await writer.read { db in
            try Self.fetchEvaluations(db, where: "e.transaction_id = ?", [id.rawValue]).first
        }
    }

    static func fetchEvaluations(
        _ db: Database,
        where clause: String,
        _ arguments: [any DatabaseValueConvertible]
    )
        throws -> [Evaluation]
    {
        try Row.fetchAll(
            db,
            sql: """
                SELECT e.*, t.ticket, t.business_code FROM evaluations e JOIN transactions t ON t.id = e.transaction_id
                WHERE \(clause) ORDER BY e.created_at, e.transaction_id
                """,
            arguments: StatementArguments(arguments)
        ).map { row in
            let levelText: String = row["level"]
            guard let level = EvaluationLevel(rawValue: levelText) else {
                throw CounterStoreError(.corruptRow, "evaluation level '\(levelText)' is unknown")
            }
            let reasonsText: String = row["reasons"]
            return Evaluation(
                transactionID: TransactionID(rawValue: row["transaction_id"]),
                ticket: row["ticket"],
                businessCode: row["business_code"],
                window: row["window"],
                level: level,
                reasons: reasonsText.split(separator: ",").compactMap { EvaluationReason(rawValue: String($0)) },
                comment: row["comment"],
                createdAt: Date(timeIntervalSinceReferenceDate: row["created_at"]),
                rectification: row["rectification"],
                rectifiedOn: row["rectified_on"],
                rectifiedBy: row["rectified_by"]
            )
        }
    }
}
