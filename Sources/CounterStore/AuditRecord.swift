import Crypto
import Foundation
import GRDB

/// One row of the append-only, hash-chained `audit_log` table.
///
/// `hash = HMAC-SHA-256(audit key, canonical("hukou-audit-v2", seq, at_ms, operator, action, transaction_id,
/// details) ‖ prev_hash)`; rows written before the chain was keyed (below `audit_keyed_from` in `store_meta`)
/// carry `SHA-256("hukou-audit-v1" ‖ canonical(…) ‖ prev_hash)`. The first row's `prev_hash` is 32 zero bytes.
/// The canonical form length-prefixes every field (4-byte big-endian length, then UTF-8) so no two rows encode
/// alike.
struct AuditRecord: Codable, Sendable {
    var seq: Int64
    var atMs: Int64
    var `operator`: String
    var action: String
    var transactionID: Int64?
    var details: String
    var prevHash: Data
    var hash: Data

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case seq, action, details, hash
        case atMs = "at_ms"
        case `operator` = "operator"
        case transactionID = "transaction_id"
        case prevHash = "prev_hash"
    }

    static let genesisHash = Data(repeating: 0, count: 32)

    /// The hash this row should carry given its content and `prevHash`: keyed with `key` (rows of the keyed
    /// chain), or the unkeyed v1 hash when `key` is `nil` (rows written before the chain was keyed).
    func computedHash(key: SymmetricKey?) -> Data {
        guard let key else { return Data(SHA256.hash(data: canonicalBytes(tag: "hukou-audit-v1"))) }
        return Data(HMAC<SHA256>.authenticationCode(for: canonicalBytes(tag: "hukou-audit-v2"), using: key))
    }

    private func canonicalBytes(tag: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(
            14 + 6 * 4 + 40 + `operator`.utf8.count + action.utf8.count + details.utf8.count + prevHash.count
        )
        bytes += tag.utf8
        Self.append(String(seq), to: &bytes)
        Self.append(String(atMs), to: &bytes)
        Self.append(`operator`, to: &bytes)
        Self.append(action, to: &bytes)
        Self.append(transactionID.map { String($0) } ?? "", to: &bytes)
        Self.append(details, to: &bytes)
        bytes += prevHash
        return bytes
    }

    /// One canonical field: 4-byte big-endian UTF-8 length, then the UTF-8 bytes.
    private static func append(_ text: String, to bytes: inout [UInt8]) {
        let utf8 = text.utf8
        let count = UInt32(truncatingIfNeeded: utf8.count)
        bytes.append(UInt8(count >> 24))
        bytes.append(UInt8(count >> 16 & 0xFF))
        bytes.append(UInt8(count >> 8 & 0xFF))
        bytes.append(UInt8(count & 0xFF))
        bytes += utf8
    }
}

// MARK: - Database

extension AuditRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "audit_log"
}
