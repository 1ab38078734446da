import Foundation
import GRDB
import HukouText

extension CounterStore {
    // MARK: - Database Access: Writes

    /// Stores a tap as a pending transaction, or returns the earlier transaction it repeats.
    ///
    /// A repeat is the same intent tapped again: the same nonce with the same payload (signed intents, forever),
    /// or the same card content at the same window within ``CounterStoreOptions/contentDedupInterval``; a repeat
    /// writes nothing. A *different* payload under a nonce already used is a replay and is refused. When this
    /// returns, the new transaction and its audit row are on disk.
    ///
    /// - Throws: ``CounterStoreError`` `.invalidInput` for a malformed submission, `.replayed` for a used nonce
    ///   with another payload, or a database error.
    public func submitTap(_ tap: TapSubmission) async throws -> TapReceipt {
        try Validation.submission(tap)
        let dedupKind: String
        let dedupHash: Data
        switch tap.dedupKey {
        case .nonce(let nonce, let keyID):
            dedupKind = "nonce"
            var bytes: [UInt8] = []
            bytes.reserveCapacity(keyID.utf8.count + 1 + nonce.utf8.count)
            bytes += keyID.utf8
            bytes.append(0x1F)
            bytes += nonce.utf8
            dedupHash = key.lookupHash(bytes, domain: .dedupNonce)
        case .content(let digest):
            dedupKind = "content"
            dedupHash = key.lookupHash(digest, domain: .dedupContent)
        }
        var record = TransactionRecord(
            id: nil,
            state: .pending,
            ticket: nil,
            ticketDay: nil,
            window: tap.window,
            tapWindow: tap.window,
            transferredFromWindow: nil,
            businessCode: tap.businessCode,
            businessNameZH: tap.businessNameZH,
            businessNameEN: tap.businessNameEN,
            ticketCategory: tap.ticketCategory,
            priority: tap.priority,
            priorityRank: tap.priority.rank,
            profile: tap.profile,
            signatureStatus: tap.signatureStatus,
            intentSealed: try key.seal(tap.intentPayload, context: "transactions.intent_sealed"),
            applicantSealed: nil,
            maskedName: nil,
            maskedIDNumber: nil,
            idNumberHMAC: nil,
            materials: tap.materials,
            reader: tap.reader,
            dedupKind: dedupKind,
            dedupHash: dedupHash,
            rejectReason: nil,
            suspendReason: nil,
            suspendedFrom: nil,
            recallCount: 0,
            createdAt: tap.receivedAt,
            confirmedAt: nil,
            queuedAt: nil,
            calledAt: nil,
            serviceStartedAt: nil,
            suspendedAt: nil,
            transferredAt: nil,
            finishedAt: nil,
            updatedAt: tap.receivedAt
        )
        if let applicant = tap.applicant {
            let plain = Array(JSONText.applicant(applicant).utf8)
            record.applicantSealed = try key.seal(plain, context: "transactions.applicant_sealed")
            record.maskedName = applicant.name.map(PrivacyMask.name)
            record.maskedIDNumber = applicant.idNumber.map(PrivacyMask.idNumber)
            record.idNumberHMAC = applicant.idNumber.map(idNumberLookupHash)
        }
        let earliest = tap.receivedAt.addingTimeInterval(-options.contentDedupInterval)
        let details =
            "business=\(tap.businessCode) window=\(tap.window) priority=\(tap.priority) "
            + "profile=\(tap.profile) signature=\(tap.signatureStatus) reader=\(tap.reader)"
        let auditTime = tap.receivedAt
        let pending = record
        let insertArguments = record.pendingInsertArguments(materialsJSON: JSONText.array(tap.materials))
        let tapWindow = tap.window
        let reader = "reader:" + tap.reader
        let payload = tap.intentPayload
        defer { checkpointer?.noteCommit() }
        return try await tapBatcher.submit(writer: writer) { db in
            let existingID: Int64?
            if dedupKind == "nonce" {
                existingID = try Int64.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT id FROM transactions WHERE dedup_kind = 'nonce' AND dedup_hash = ?"
                    ),
                    arguments: [dedupHash]
                )
            } else {
                existingID = try Int64.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT id FROM transactions
                            WHERE dedup_kind = 'content' AND dedup_hash = ? AND tap_window = ? AND created_at >= ?
                            ORDER BY id DESC LIMIT 1
                            """
                    ),
                    arguments: [dedupHash, tapWindow, earliest.timeIntervalSinceReferenceDate]
                )
            }
            if let existingID {
                let existing = try fetchRecord(db, TransactionID(existingID))
                if dedupKind == "nonce" {
                    // A repeat is the same intent. Another payload under this nonce (another person, another
                    // business) is a replay, or a signer reusing nonces: refused, never answered with this one.
                    let stored = try? key.unseal(Array(existing.intentSealed), context: "transactions.intent_sealed")
                    guard stored == payload else {
                        throw CounterStoreError(
                            .replayed,
                            "the nonce was already used by transaction \(existingID) for another intent",
                            transactionID: TransactionID(existingID)
                        )
                    }
                }
                return TapReceipt(transaction: try existing.publicValue(), isDuplicate: true)
            }
            try ensureWindow(db, tapWindow, at: auditTime)
            var inserted = pending
            inserted.id = try TransactionRecord.insertPending(db, arguments: insertArguments)
            try appendAudit(
                db,
                at: auditTime,
                operator: reader,
                action: AuditAction.tap,
                transaction: inserted.id,
                details: details
            )
            return TapReceipt(transaction: try inserted.publicValue(), isDuplicate: false)
        }
    }

    /// The keyed hash under which an ID number can be looked up (uppercase-normalised).
    func idNumberLookupHash(_ idNumber: String) -> Data {
        let utf8 = idNumber.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (every ID number the tap path accepts): the same bytes `uppercased()` gives, without
            // the Unicode case mapping.
            let upper = utf8.map { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") ? $0 - 0x20 : $0 }
            return key.lookupHash(upper, domain: .idNumber)
        }
        return key.lookupHash(Array(idNumber.uppercased().utf8), domain: .idNumber)
    }

    /// Adds `window` to `windows` unless it is there. The time is bound as REAL seconds since the
    /// reference date, like every other time in the store (binding a `Date` would format it as text).
    func ensureWindow(_ db: Database, _ window: Int, at date: Date) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO windows (number, created_at) VALUES (?, ?)")
            .execute(arguments: [window, date.timeIntervalSinceReferenceDate])
    }
}
