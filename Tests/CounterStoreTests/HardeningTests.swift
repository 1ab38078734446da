import Foundation
import GRDB
import Testing

@testable import CounterStore

/// What someone with a copy of the database, or a hostile phone app, could do before the store's hardening.
@Suite("Store hardening")
struct HardeningTests {
    // MARK: Keyed audit chain

    @Test("rows edited and the chain recomputed without the store key do not verify")
    func recomputedChainIsDetected() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let (store, path) = try await AuditTests.populated(in: dir.path)
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET operator = 'intruder' WHERE seq = 2")
            // Recompute every hash as someone without the key can: the published, unkeyed form.
            var prev = AuditRecord.genesisHash
            for var row in try AuditRecord.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY seq") {
                row.prevHash = prev
                row.hash = row.computedHash(key: nil)
                try db.execute(
                    sql: "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
                    arguments: [row.prevHash, row.hash, row.seq]
                )
                prev = row.hash
            }
        }
        let result = try await store.verifyAudit()
        guard case .broken(let seq, _) = result else {
            Issue.record("a recomputed chain verified: \(result)")
            return
        }
        #expect(seq == 1)
    }

    @Test("moving the start of the keyed chain to pass recomputed rows off as old ones is refused")
    func keyedFromCannotBeRaised() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let (_, path) = try await AuditTests.populated(in: dir.path)
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER store_meta_no_update")
            try db.execute(sql: "UPDATE store_meta SET value = 1000 WHERE name = 'audit_keyed_from'")
        }
        #expect(throws: CounterStoreError.self) { try CounterStore(path: path) }
    }

    @Test("a state change without an audit row is found by replaying the audit rows")
    func unauditedStateChange() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let store = try CounterStore(path: path)
        let id = try await store.submitTap(Fixtures.tap()).transaction.id
        _ = try await store.confirm(id, operator: "clerk01")
        #expect(try await store.verifyAudit() == .intact(rows: 2))
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "UPDATE transactions SET state = 'completed' WHERE id = ?", arguments: [id.rawValue])
        }
        let result = try await store.verifyAudit()
        #expect(
            result
                == .stateMismatch(
                    transactionID: id.rawValue,
                    reason: "state is completed, but its audit rows lead to confirmed"
                )
        )
    }

    @Test("a transaction row with no audit row at all is found")
    func transactionWithoutAudit() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let store = try CounterStore(path: path)
        let id = try await store.submitTap(Fixtures.tap()).transaction.id
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO transactions SELECT id + 1, state, ticket, ticket_day, window, tap_window,
                        transferred_from_window, business_code, business_name_zh, business_name_en, ticket_category,
                        priority, priority_rank, profile, signature_status, intent_sealed, applicant_sealed,
                        masked_name, masked_id_number, id_number_hmac, materials, reader, 'content', dedup_hash,
                        reject_reason, suspend_reason, suspended_from, recall_count, created_at, confirmed_at,
                        queued_at, called_at, service_started_at, suspended_at, transferred_at, finished_at,
                        updated_at, purged_at
                    FROM transactions WHERE id = ?
                    """,
                arguments: [id.rawValue]
            )
        }
        #expect(
            try await store.verifyAudit()
                == .stateMismatch(transactionID: id.rawValue + 1, reason: "no audit row records this transaction")
        )
    }

    @Test("audit verify without the store key says so instead of calling the chain broken")
    func verifyNeedsTheKey() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let (_, path) = try await AuditTests.populated(in: dir.path)
        try FileManager.default.removeItem(atPath: path + ".key")
        let auditor = try CounterStore.readOnly(path: path)
        await #expect(throws: CounterStoreError.self) { try await auditor.verifyAudit() }
    }

    // MARK: Key check value

    @Test("a well-formed key that is not the database's is refused with a clear message")
    func wrongKeyIsRefused() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let store = try CounterStore(path: path)
        _ = try await store.submitTap(Fixtures.tap(dedup: .nonce("n-1", keyID: "k1")))
        let other = CounterStoreOptions(key: Array(repeating: 7, count: 32))
        do {
            _ = try CounterStore(path: path, options: other)
            Issue.record("a wrong key opened the database")
        } catch let error as CounterStoreError {
            #expect(error.code == .invalidKey)
            #expect(error.message.contains("does not belong"))
        }
        #expect(throws: CounterStoreError.self) { try CounterStore.readOnly(path: path, options: other) }
        // The right key still opens it, and the repeat is still found.
        let again = try CounterStore(path: path)
        #expect(try await again.submitTap(Fixtures.tap(dedup: .nonce("n-1", keyID: "k1"))).isDuplicate)
    }

    @Test("a database from before the key check accepts only the key that opens its data, then records it")
    func keyCheckAddedToOlderDatabase() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        _ = try await CounterStore(path: path).submitTap(Fixtures.tap())
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER store_meta_no_delete")
            try db.execute(sql: "DELETE FROM store_meta WHERE name = 'key_check'")
        }
        #expect(throws: CounterStoreError.self) {
            try CounterStore(path: path, options: CounterStoreOptions(key: Array(repeating: 7, count: 32)))
        }
        _ = try CounterStore(path: path)
        let recorded = try await queue.read { db in
            try Data.fetchOne(db, sql: "SELECT value FROM store_meta WHERE name = 'key_check'")
        }
        #expect(recorded?.count == 32)
    }

    // MARK: Nonce reuse

    @Test("another payload under a used nonce is refused as a replay; the same payload is a repeat")
    func reusedNonce() async throws {
        let store = try CounterStore.inMemory()
        let first = try await store.submitTap(
            Fixtures.tap(dedup: .nonce("n-1", keyID: "k1"), payload: Array(#"{"who":"first"}"#.utf8))
        )
        let repeated = try await store.submitTap(
            Fixtures.tap(window: 2, dedup: .nonce("n-1", keyID: "k1"), payload: Array(#"{"who":"first"}"#.utf8))
        )
        #expect(repeated.isDuplicate)
        #expect(repeated.transaction.id == first.transaction.id)
        let token = try await store.changeToken()
        do {
            _ = try await store.submitTap(
                Fixtures.tap(dedup: .nonce("n-1", keyID: "k1"), payload: Array(#"{"who":"someone else"}"#.utf8))
            )
            Issue.record("a different intent under a used nonce was answered")
        } catch let error as CounterStoreError {
            #expect(error.code == .replayed)
            #expect(error.transactionID == first.transaction.id)
        }
        #expect(try await store.changeToken() == token)
        #expect(try await store.transactions().count == 1)
    }

    // MARK: One text rule

    @Test("operator names and reasons follow the intent's text rule: no format characters or line separators")
    func freeTextRule() async throws {
        let store = try CounterStore.inMemory()
        let id = try await store.submitTap(Fixtures.tap()).transaction.id
        for bad in ["clerk\u{202E}07", "clerk\u{200B}", "a\u{2028}b", "a\u{2029}", "c\u{1B}[2J", "\u{FEFF}clerk"] {
            await #expect(throws: CounterStoreError.self) { try await store.confirm(id, operator: bad) }
            await #expect(throws: CounterStoreError.self) {
                try await store.reject(id, reason: "材料\(bad)", operator: "clerk01")
            }
        }
        #expect(try await store.transaction(id)?.state == .pending)
        #expect(try await store.confirm(id, operator: "张三 clerk-01").state == .confirmed)
    }

    // MARK: Retention

    @Test("a purge removes the sealed data of ended transactions from the database, its WAL and new backups")
    func retentionPurge() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let store = try CounterStore(path: path)
        let applicant = ApplicantRecord(name: "李四", idNumber: "110105194912310021", fields: ["addr": "北京市东城区1号"])
        let ended = try await store.submitTap(
            Fixtures.tap(dedup: .nonce("n-purge", keyID: "k1"), applicant: applicant)
        ).transaction.id
        _ = try await store.reject(ended, reason: "材料不全", operator: "clerk01")
        let open = try await store.submitTap(
            Fixtures.tap(applicant: ApplicantRecord(name: "张三", idNumber: "110101199003070011"))
        ).transaction.id
        let queue = try DatabaseQueue(path: path)
        let sealed: [Data] = try await queue.read { db in
            let row = try #require(
                try Row.fetchOne(
                    db,
                    sql: "SELECT intent_sealed, applicant_sealed, id_number_hmac FROM transactions WHERE id = ?",
                    arguments: [ended.rawValue]
                )
            )
            return [row[0], row[1], row[2]]
        }
        try queue.close()

        let dry = try await store.purgePersonalData(
            finishedBefore: Date() + 1,
            operator: "system:retention",
            dryRun: true
        )
        #expect(dry.transactionIDs == [ended])
        #expect(try await store.applicant(of: ended) != nil)

        let report = try await store.purgePersonalData(finishedBefore: Date() + 1, operator: "system:retention")
        #expect(report.transactionIDs == [ended])
        #expect(try await store.applicant(of: ended) == nil)
        #expect(try await store.intentPayload(of: ended) == nil)
        #expect(try await store.applicant(of: open)?.name == "张三")
        let kept = try #require(try await store.transaction(ended))
        #expect(kept.maskedName == "李*" && kept.maskedIDNumber == "110***********0021" && kept.state == .rejected)
        #expect(try await store.transactions(residentIDNumber: "110105194912310021").isEmpty)
        #expect(try await store.transactions(residentIDNumber: "110101199003070011").map(\.id) == [open])
        #expect(try await store.verifyAudit() == .intact(rows: 4))
        // A second purge finds nothing; a later tap of the purged intent's nonce is still refused, never stored.
        #expect(
            try await store.purgePersonalData(finishedBefore: Date() + 1, operator: "system:retention").transactionIDs
                .isEmpty
        )
        await #expect(throws: CounterStoreError.self) {
            try await store.submitTap(Fixtures.tap(dedup: .nonce("n-purge", keyID: "k1"), applicant: applicant))
        }

        let backup = dir.path + "/backup.sqlite"
        try await store.backup(to: backup)
        for file in [path, path + "-wal", backup] {
            guard let bytes = FileManager.default.contents(atPath: file) else { continue }
            for value in sealed { #expect(bytes.range(of: value) == nil, "\(file) still holds a purged value") }
        }
    }
}
