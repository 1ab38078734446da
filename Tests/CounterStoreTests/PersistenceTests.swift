import CoreFoundation
import CounterStore
import Foundation
import GRDB
import HukouIntent
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Files, keys and privacy")
struct PersistenceTests {
    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }

    @Test("database, WAL, shared memory and key file are created with mode 0600")
    func fileModes() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let store = try CounterStore(path: path)
        _ = try await store.submitTap(Fixtures.tap())
        for file in [path, path + "-wal", path + "-shm", path + ".key"] {
            #expect(Self.mode(file) == 0o600, "\(file)")
        }
    }

    @Test("a key file readable by others is refused")
    func looseKeyFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let keyPath = dir.path + "/store.key"
        try String(repeating: "ab", count: 32).write(toFile: keyPath, atomically: false, encoding: .utf8)
        chmod(keyPath, 0o644)
        let error = #expect(throws: CounterStoreError.self) {
            _ = try CounterStore(path: dir.path + "/counter.sqlite", options: .init(keyFilePath: keyPath))
        }
        #expect(error?.code == .invalidKey)
        chmod(keyPath, 0o600)
        #expect(throws: Never.self) {
            _ = try CounterStore(path: dir.path + "/counter.sqlite", options: .init(keyFilePath: keyPath))
        }
    }

    @Test("a malformed key file is refused")
    func malformedKeyFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let keyPath = dir.path + "/store.key"
        try String(repeating: "zz", count: 32).write(toFile: keyPath, atomically: false, encoding: .utf8)
        chmod(keyPath, 0o600)
        let error = #expect(throws: CounterStoreError.self) {
            _ = try CounterStore(path: dir.path + "/counter.sqlite", options: .init(keyFilePath: keyPath))
        }
        #expect(error?.code == .invalidKey)
    }

    @Test("the ID number and name never reach the disk in clear; the key opens them")
    func noClearText() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let idNumber = "11010519491231002X"
        let name = "欧阳明华"
        let payload = Array("{\"name\":\"\(name)\",\"id\":\"\(idNumber)\"}".utf8)
        let applicant = ApplicantRecord(name: name, idNumber: idNumber, fields: ["phone": "13800000000"])
        let store = try CounterStore(path: path)
        let receipt = try await store.submitTap(Fixtures.tap(applicant: applicant, payload: payload))
        #expect(receipt.transaction.maskedIDNumber == "110***********002X")
        #expect(receipt.transaction.maskedName == "欧阳**")
        _ = try await store.confirm(receipt.transaction.id, operator: "clerk")
        let backup = dir.path + "/backup.sqlite"
        try await store.backup(to: backup)

        for file in [path, path + "-wal", backup] {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            for secret in [idNumber, name, "13800000000", "110105"] {
                #expect(!Self.contains(bytes, Array(secret.utf8)), "\(secret) found in \(file)")
            }
        }
        #expect(try await store.applicant(of: receipt.transaction.id) == applicant)
        #expect(try await store.intentPayload(of: receipt.transaction.id) == payload)
        #expect(
            try await store.transactions(residentIDNumber: "11010519491231002x").map(\.id) == [receipt.transaction.id]
        )
        #expect(try await store.transactions(residentIDNumber: "110105194912310021").isEmpty)
    }

    @Test("another key does not open the database at all")
    func wrongKey() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let store = try CounterStore(path: path, options: .init(key: Fixtures.fixedKey))
        _ = try await store.submitTap(Fixtures.tap(applicant: ApplicantRecord(name: "王五", idNumber: "1")))
        let error = #expect(throws: CounterStoreError.self) {
            _ = try CounterStore(path: path, options: .init(key: Array(repeating: 9, count: 32)))
        }
        #expect(error?.code == .invalidKey)
    }

    /// Stores one tap keyed on `nonce` in a store at `path` that is closed again before returning.
    private func spendNonce(_ nonce: String, keyID: String, at path: String) async throws -> TransactionID {
        let store = try CounterStore(path: path)
        return try await store.submitTap(Fixtures.tap(dedup: .nonce(nonce, keyID: keyID))).transaction.id
    }

    @Test("a spent nonce survives a restart: the repeat returns the first transaction")
    func spentNoncesPersist() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let first = try await spendNonce("n1", keyID: "k", at: path)
        let reopened = try CounterStore(path: path)
        let again = try await reopened.submitTap(Fixtures.tap(dedup: .nonce("n1", keyID: "k")))
        #expect(again.isDuplicate)
        #expect(again.transaction.id == first)
        #expect(try await !reopened.submitTap(Fixtures.tap(dedup: .nonce("n1", keyID: "other"))).isDuplicate)
    }

    @Test("a database made before the seen-nonce table was retired opens, keeps its data and loses the table")
    func retiredSeenNonceTableIsDropped() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let first = try await spendNonce("n1", keyID: "k", at: path)
        // Put the database back to its first schema, as an older counter left it.
        do {
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE seen_nonces (key_id TEXT NOT NULL, nonce TEXT NOT NULL, expires_at REAL NOT NULL,
                            PRIMARY KEY (key_id, nonce)) WITHOUT ROWID;
                        INSERT INTO seen_nonces VALUES ('k', 'n1', 1e12);
                        DELETE FROM grdb_migrations WHERE identifier LIKE 'v2:%';
                        """
                )
            }
        }
        let reopened = try CounterStore(path: path)
        #expect(try await reopened.transaction(first) != nil)
        #expect(try await reopened.submitTap(Fixtures.tap(dedup: .nonce("n1", keyID: "k"))).isDuplicate)
        let tables = try await DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(!tables.contains("seen_nonces"))
        #expect(tables.contains("transactions"))
    }

    @Test("transactions survive a restart")
    func transactionsPersist() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let id: TransactionID
        do {
            let store = try CounterStore(path: path)
            id = try await store.submitTap(Fixtures.tap(dedup: .nonce("persist"))).transaction.id
            _ = try await store.confirm(id, operator: "c")
        }
        let store = try CounterStore(path: path)
        #expect(try await store.transaction(id)?.ticket == "A001")
        #expect(try await store.submitTap(Fixtures.tap(dedup: .nonce("persist"))).isDuplicate)
        #expect(try await store.verifyAudit() == .intact(rows: 2))
    }

    @Test("a backup taken while writes continue is consistent and verifies")
    func backupWhileWriting() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let store = try CounterStore(path: path, options: .init(key: Fixtures.fixedKey))
        for _ in 0..<20 { _ = try await store.submitTap(Fixtures.tap()) }
        let backup = dir.path + "/backup.sqlite"
        async let writes: Void = {
            for _ in 0..<40 { _ = try await store.submitTap(Fixtures.tap()) }
        }()
        try await store.backup(to: backup)
        try await writes
        #expect(Self.mode(backup) == 0o600)
        let copy = try CounterStore(path: backup, options: .init(key: Fixtures.fixedKey))
        let count = try await copy.transactions().count
        #expect((20...60).contains(count))
        #expect(try await copy.verifyAudit() == .intact(rows: count))
        let error = await #expect(throws: CounterStoreError.self) { try await store.backup(to: backup) }
        #expect(error?.code == .backupDestinationExists)
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}

extension PersistenceTests {
    @Test("an existing database never gets a fresh key")
    func missingKeyForExistingDatabase() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        do {
            let store = try CounterStore(path: path)
            _ = try await store.submitTap(Fixtures.tap())
        }
        try FileManager.default.removeItem(atPath: path + ".key")
        let error = #expect(throws: CounterStoreError.self) { _ = try CounterStore(path: path) }
        #expect(error?.code == .invalidKey)
        #expect(!FileManager.default.fileExists(atPath: path + ".key"))
    }
}

extension PersistenceTests {
    @Test("WAL checkpoints run in the background, not only at the safety-net threshold")
    func backgroundCheckpoint() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let store = try CounterStore(path: path)
        func size(_ file: String) -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.intValue ?? 0
        }
        let initial = size(path)
        for _ in 0..<600 { _ = try await store.submitTap(Fixtures.tap()) }
        // 600 taps are far below the wal_autocheckpoint safety net, so only the background
        // checkpointer can have copied pages into the database file.
        let deadline = ContinuousClock.now + .seconds(10)
        while size(path) <= initial, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(size(path) > initial)
        #expect(try await store.transactions().count == 600)
        #expect(try await store.verifyAudit() == .intact(rows: 600))
    }
}

extension PersistenceTests {
    @Test("a read-only open needs no key (but audit verify does), changes nothing and refuses writes")
    func readOnlyOpen() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let id: TransactionID
        do {
            let store = try CounterStore(path: path)
            id = try await store.submitTap(Fixtures.tap(applicant: ApplicantRecord(name: "赵六", idNumber: "123")))
                .transaction.id
            _ = try await store.confirm(id, operator: "c")
        }
        try FileManager.default.moveItem(atPath: path + ".key", toPath: dir.path + "/elsewhere.key")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let reader = try CounterStore.readOnly(path: path)
        #expect(try await reader.transaction(id)?.maskedName == "赵*")
        let unkeyed = await #expect(throws: CounterStoreError.self) { _ = try await reader.verifyAudit() }
        #expect(unkeyed?.code == .invalidKey)
        let sealed = await #expect(throws: CounterStoreError.self) { _ = try await reader.applicant(of: id) }
        #expect(sealed?.code == .sealedDataUnreadable)
        await #expect(throws: (any Error).self) { _ = try await reader.callNext(window: 1, operator: "c") }
        await #expect(throws: (any Error).self) { _ = try await reader.submitTap(Fixtures.tap()) }

        let keyed = try CounterStore.readOnly(path: path, options: .init(keyFilePath: dir.path + "/elsewhere.key"))
        #expect(try await keyed.applicant(of: id)?.name == "赵六")
        #expect(try await keyed.transaction(id)?.state == .confirmed)
        #expect(try await keyed.verifyAudit() == .intact(rows: 2))

        let missing = #expect(throws: CounterStoreError.self) {
            _ = try CounterStore.readOnly(path: dir.path + "/absent.sqlite")
        }
        #expect(missing?.code == .fileAccess)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/absent.sqlite"))
        let notOurs = dir.path + "/other.sqlite"
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: notOurs))
        #expect(throws: (any Error).self) { _ = try CounterStore.readOnly(path: notOurs) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
