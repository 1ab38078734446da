public import Foundation
import GRDB
public import HukouIntent

extension CounterStore: SeenNonceStore {
    /// Records a nonce as used until `expiry`, durably; expired nonces are purged on the way.
    ///
    /// - Returns: `true` if the nonce was new (or its earlier use has expired), `false` for a replay.
    public func claim(nonce: String, keyID: String, expiry: Date, now: Date) async throws -> Bool {
        try Validation.text(nonce, "nonce", max: 256)
        try Validation.text(keyID, "key id", max: 256, allowEmpty: true)
        let expiresAt = expiry.timeIntervalSince1970
        let nowSeconds = now.timeIntervalSince1970
        return try await immediateWrite { db in
            try db.execute(sql: "DELETE FROM seen_nonces WHERE expires_at <= ?", arguments: [nowSeconds])
            try db.execute(
                sql: "INSERT OR IGNORE INTO seen_nonces (key_id, nonce, expires_at) VALUES (?, ?, ?)",
                arguments: [keyID, nonce, expiresAt]
            )
            return db.changesCount == 1
        }
    }
}
