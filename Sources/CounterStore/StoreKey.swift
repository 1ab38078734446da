import Crypto
import Foundation
import SystemPackage

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The store's secret: seals applicant data and intent payloads (AES-GCM) and keys the look-up
/// hashes (HMAC-SHA-256). Both keys are derived from one 32-byte master key with HKDF, so the key
/// file holds a single value.
struct StoreKey: Sendable {
    private let sealingKey: SymmetricKey
    // One HMAC per ``LookupDomain``, keyed and fed `domain ‖ 0x00` once here: a look-up copies this
    // state (copy-on-write) instead of redoing the key pads and the prefix on every tap.
    private let dedupNonceHMAC: HMAC<SHA256>
    private let dedupContentHMAC: HMAC<SHA256>
    private let idNumberHMAC: HMAC<SHA256>
    /// Keys the audit chain (``AuditRecord``): without the store key a changed row cannot be re-hashed.
    let auditKey: SymmetricKey
    /// Keys the database's key check value (``keyCheckValue(auditKeyedFrom:)``).
    private let checkKey: SymmetricKey

    /// Derives the working keys from a 32-byte master key.
    init(master: [UInt8]) throws {
        guard master.count == 32 else {
            throw CounterStoreError(.invalidKey, "the store key must be 32 bytes, got \(master.count)")
        }
        let ikm = SymmetricKey(data: master)
        sealingKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: ikm,
            info: Array("hukou-counter-store seal v1".utf8),
            outputByteCount: 32
        )
        let lookupKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: ikm,
            info: Array("hukou-counter-store lookup v1".utf8),
            outputByteCount: 32
        )
        auditKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: ikm,
            info: Array("hukou-counter-store audit v1".utf8),
            outputByteCount: 32
        )
        checkKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: ikm,
            info: Array("hukou-counter-store key check v1".utf8),
            outputByteCount: 32
        )
        func prefixed(_ domain: LookupDomain) -> HMAC<SHA256> {
            var hmac = HMAC<SHA256>(key: lookupKey)
            hmac.update(data: Array(domain.rawValue.utf8))
            hmac.update(data: [0])
            return hmac
        }
        dedupNonceHMAC = prefixed(.dedupNonce)
        dedupContentHMAC = prefixed(.dedupContent)
        idNumberHMAC = prefixed(.idNumber)
    }

    /// A fresh random key (in-memory stores).
    static func random() throws -> StoreKey {
        try StoreKey(master: randomMaster())
    }

    /// Seals `plaintext`; `context` (the column) is authenticated so a value cannot be moved to another column.
    /// swift-crypto draws a fresh random 96-bit nonce for every seal.
    func seal(_ plaintext: some DataProtocol, context: String) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: sealingKey, authenticating: Array(context.utf8))
        guard let combined = box.combined else {
            throw CounterStoreError(.sealedDataUnreadable, "AES-GCM produced no combined form")
        }
        return combined
    }

    /// Unseals what ``seal(_:context:)`` produced.
    func unseal(_ sealed: [UInt8], context: String) throws -> [UInt8] {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return Array(try AES.GCM.open(box, using: sealingKey, authenticating: Array(context.utf8)))
        } catch {
            throw CounterStoreError(.sealedDataUnreadable, "\(context) does not open with this store key")
        }
    }

    /// A keyed hash for equality look-ups that reveals nothing without the key:
    /// `HMAC-SHA-256(lookup key, domain ‖ 0x00 ‖ bytes)`.
    func lookupHash(_ bytes: some DataProtocol, domain: LookupDomain) -> Data {
        var hmac =
            switch domain {
            case .dedupNonce: dedupNonceHMAC
            case .dedupContent: dedupContentHMAC
            case .idNumber: idNumberHMAC
            }
        hmac.update(data: bytes)
        return Data(hmac.finalize())
    }
}

// MARK: - Key check value

extension StoreKey {
    /// The value kept in `store_meta` that tells whether a key is the one the database was created with.
    ///
    /// It also covers the first sequence number of the keyed audit chain, so that number cannot be raised to
    /// pass off recomputed rows as rows of the old, unkeyed chain.
    func keyCheckValue(auditKeyedFrom: Int64) -> Data {
        var hmac = HMAC<SHA256>(key: checkKey)
        hmac.update(data: Array("hukou-counter-store key check v1\u{0}".utf8))
        hmac.update(data: Array(String(auditKeyedFrom).utf8))
        return Data(hmac.finalize())
    }
}

// MARK: - Key file

extension StoreKey {
    /// Loads the key file at `path`, or, if `mayCreate`, creates it (mode 0600, 32 random bytes as 64 hex
    /// digits) when absent.
    ///
    /// - Throws: ``CounterStoreError`` `.invalidKey` if the file is missing (and may not be created),
    ///   malformed, or readable by group or others.
    static func loadOrCreate(path: String, mayCreate: Bool) throws -> StoreKey {
        for _ in 0..<50 {
            if let key = try load(path: path) { return key }
            guard mayCreate else {
                throw CounterStoreError(
                    .invalidKey,
                    "key file \(path) is missing or empty, but the database already holds data sealed with a key"
                )
            }
            if try create(path: path) { continue }
            // Another process created it first and may still be writing it.
            usleep(20_000)
        }
        throw CounterStoreError(.invalidKey, "key file \(path) stays empty or incomplete")
    }

    /// The longest key file accepted: 64 hex digits plus generous room for trailing line endings.
    private static let maxKeyFileBytes = 130

    /// `nil` if the file does not exist or is still empty or short (being created).
    private static func load(path: String) throws -> StoreKey? {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec, .noFollow])
        } catch Errno.noSuchFileOrDirectory {
            return nil
        } catch {
            throw CounterStoreError(.invalidKey, "cannot open key file \(path): \(error)")
        }
        defer { try? fd.close() }
        let info: Stat
        do {
            info = try fd.stat()
        } catch {
            throw CounterStoreError(.invalidKey, "cannot stat key file \(path): \(error)")
        }
        guard info.type == .regular else {
            throw CounterStoreError(.invalidKey, "key file \(path) is not a regular file")
        }
        guard info.permissions.isDisjoint(with: [.groupReadWriteExecute, .otherReadWriteExecute]) else {
            throw CounterStoreError(
                .invalidKey,
                "key file \(path) is accessible by group or others; run chmod 600 on it"
            )
        }
        guard info.size <= maxKeyFileBytes else {
            throw CounterStoreError(.invalidKey, "key file \(path) must hold 64 hexadecimal digits")
        }
        // Read through the descriptor just checked, so the bytes come from that very file.
        let contents: Data
        do {
            let handle = FileHandle(fileDescriptor: fd.rawValue, closeOnDealloc: false)
            contents = try handle.read(upToCount: maxKeyFileBytes + 1) ?? Data()
        } catch {
            throw CounterStoreError(.invalidKey, "cannot read key file \(path): \(error)")
        }
        if contents.isEmpty { return nil }
        var text = contents[...]
        while let last = text.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
            text = text.dropLast()
        }
        guard text.count == 64, let master = decodeHex(Array(text)[...]) else {
            if contents.count < 64 { return nil }
            throw CounterStoreError(.invalidKey, "key file \(path) must hold 64 hexadecimal digits")
        }
        return try StoreKey(master: master)
    }

    /// `true` if this call created the file; `false` if it already existed.
    ///
    /// `O_CREAT | O_EXCL` with mode 0600 in the same `open`: the file never exists with wider permissions.
    private static func create(path: String) throws -> Bool {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(
                FilePath(path),
                .writeOnly,
                options: [.create, .exclusiveCreate, .closeOnExec, .noFollow],
                permissions: [.ownerReadWrite]
            )
        } catch Errno.fileExists {
            return false
        } catch {
            throw CounterStoreError(.invalidKey, "cannot create key file \(path): \(error)")
        }
        defer { try? fd.close() }
        let master = randomMaster()
        let text = Array((master.map { hexDigits[Int($0 >> 4)] + hexDigits[Int($0 & 0x0F)] }.joined() + "\n").utf8)
        do {
            let written = try fd.writeAll(text)
            guard written == text.count, fsync(fd.rawValue) == 0 else {
                throw Errno(rawValue: errno)
            }
        } catch {
            // Leave no half-written key behind: the next attempt starts from a missing file.
            try? FileManager.default.removeItem(atPath: path)
            throw CounterStoreError(.invalidKey, "cannot write key file \(path): \(error)")
        }
        return true
    }

    /// 32 bytes from the system's CSPRNG (`getrandom` on Linux), taken 8 at a time.
    private static func randomMaster() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return bytes
    }

    private static let hexDigits = Array("0123456789abcdef").map { String($0) }

    private static func decodeHex(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 2)
        var index = text.startIndex
        while index < text.endIndex {
            guard let high = nibble(text[index]), let low = nibble(text[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}
