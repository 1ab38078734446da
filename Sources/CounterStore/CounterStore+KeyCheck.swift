import Foundation
import GRDB

extension CounterStore {
    /// The first audit sequence number hashed with the audit key (`store_meta.audit_keyed_from`).
    static func auditKeyedFrom(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT value FROM store_meta WHERE name = 'audit_keyed_from'") ?? 1
    }

    /// Refuses `key` unless it is the key this database was created with.
    ///
    /// The database keeps a key check value (an HMAC under a key derived from the store key); a database from
    /// before the check gets one the first time it is opened, after the key was shown to open its newest
    /// sealed payload. Without this, any well-formed key would open the database and seal new data under a
    /// second key, and duplicate detection would no longer find what the first key stored.
    ///
    /// - Parameter mayRecord: `false` for a read-only database: a missing value is then only checked, not written.
    /// - Throws: ``CounterStoreError`` `.invalidKey`.
    static func checkKey(_ db: Database, _ key: StoreKey, path: String, mayRecord: Bool) throws {
        let expected = key.keyCheckValue(auditKeyedFrom: try auditKeyedFrom(db))
        func wrongKey() -> CounterStoreError {
            CounterStoreError(
                .invalidKey,
                "the store key does not belong to \(path) (its key check value differs); "
                    + "use the key file created with this database (--key FILE or \(path).key) / 存储密钥与数据库不符"
            )
        }
        if let stored = try Data.fetchOne(db, sql: "SELECT value FROM store_meta WHERE name = 'key_check'") {
            guard stored == expected else { throw wrongKey() }
            return
        }
        if let sealed = try Data.fetchOne(
            db,
            sql: "SELECT intent_sealed FROM transactions WHERE length(intent_sealed) > 0 ORDER BY id DESC LIMIT 1"
        ) {
            guard (try? key.unseal(Array(sealed), context: "transactions.intent_sealed")) != nil else {
                throw wrongKey()
            }
        }
        guard mayRecord else { return }
        // Two processes opening a new database at once both get here; the first value stays, the second compares.
        try db.execute(
            sql: "INSERT OR IGNORE INTO store_meta (name, value) VALUES ('key_check', ?)",
            arguments: [expected]
        )
        let stored = try Data.fetchOne(db, sql: "SELECT value FROM store_meta WHERE name = 'key_check'")
        guard stored == expected else { throw wrongKey() }
    }
}
