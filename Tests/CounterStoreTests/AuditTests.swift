import CounterStore
import Foundation
import GRDB
import Testing

@Suite("Audit log")
struct AuditTests {
    /// A file store with a few audited actions; returns its path.
    static func populated(in dir: String) async throws -> (CounterStore, String) {
        let path = dir + "/counter.sqlite"
        let store = try CounterStore(path: path)
        let id = try await store.submitTap(
            Fixtures.tap(applicant: ApplicantRecord(name: "李四", idNumber: "110105194912310021"))
        )
        .transaction.id
        _ = try await store.confirm(id, operator: "clerk01")
        _ = try await store.callNext(window: 1, operator: "clerk01")
        _ = try await store.startService(id, operator: "clerk01")
        _ = try await store.complete(id, operator: "clerk01")
        return (store, path)
    }

    @Test("every change appends a chained row with the operator")
    func chain() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let (store, path) = try await Self.populated(in: dir.path)
        #expect(try await store.verifyAudit() == .intact(rows: 5))
        let queue = try DatabaseQueue(path: path)
        let rows: [[String]] = try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT action, operator, details FROM audit_log ORDER BY seq").map {
                [$0["action"], $0["operator"], $0["details"]]
            }
        }
        #expect(rows.map { $0[0] } == ["tap", "confirm", "call", "start", "complete"])
        #expect(rows.map { $0[1] } == ["reader:sim0", "clerk01", "clerk01", "clerk01", "clerk01"])
        for row in rows {
            #expect(!row[2].contains("110105194912310021"))
            #expect(!row[2].contains("李四"))
        }
    }

    @Test("UPDATE and DELETE on the audit table are refused by triggers")
    func appendOnly() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let (store, path) = try await Self.populated(in: dir.path)
        let queue = try DatabaseQueue(path: path)
        await #expect(throws: DatabaseError.self) {
            try await queue.write { db in try db.execute(sql: "UPDATE audit_log SET operator = 'x' WHERE seq = 2") }
        }
        await #expect(throws: DatabaseError.self) {
            try await queue.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE seq = 5") }
        }
        #expect(try await store.verifyAudit() == .intact(rows: 5))
    }

    @Test("an edited row is named by verify", arguments: [2, 4])
    func tamperEdit(seq: Int) async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let (store, path) = try await Self.populated(in: dir.path)
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET operator = 'intruder' WHERE seq = ?", arguments: [seq])
        }
        let result = try await store.verifyAudit()
        guard case .broken(let bad, let reason) = result else {
            Issue.record("tampering not detected: \(result)")
            return
        }
        #expect(bad == Int64(seq))
        #expect(reason.contains("hash"))
    }

    @Test("a deleted row and a recomputed row are both detected")
    func tamperDeleteAndRehash() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let (store, path) = try await Self.populated(in: dir.path)
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_delete")
            try db.execute(sql: "DELETE FROM audit_log WHERE seq = 3")
        }
        #expect(
            try await store.verifyAudit()
                == .broken(firstBadSeq: 4, reason: "sequence gap: expected 3, found 4 (rows removed)")
        )

        // A forger who renumbers the rows still breaks the link to the previous hash.
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET seq = seq - 1 WHERE seq > 3")
        }
        let result = try await store.verifyAudit()
        #expect(result == .broken(firstBadSeq: 3, reason: "prev_hash does not match the hash of row 2"))
    }
}
