import Crypto
import Dispatch
import Foundation
import Synchronization
import Testing

@testable import CounterStore

/// The store key file, the derived hashes and the AES-GCM nonces, byte for byte.
@Suite("Store key file, hashes and nonces")
struct StoreKeyTests {
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    @Test("a created key file holds 64 lowercase hex digits and a newline, mode 0600, and loads back")
    func createdKeyFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/store.key"
        let created = try StoreKey.loadOrCreate(path: path, mayCreate: true)
        let text = try #require(FileManager.default.contents(atPath: path))
        #expect(text.count == 65)
        #expect(text.last == UInt8(ascii: "\n"))
        #expect(text.dropLast().allSatisfy { Array("0123456789abcdef".utf8).contains($0) })
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)

        let loaded = try StoreKey.loadOrCreate(path: path, mayCreate: false)
        let probe = Array("probe".utf8)
        #expect(loaded.lookupHash(probe, domain: .idNumber) == created.lookupHash(probe, domain: .idNumber))
        let sealed = try created.seal(probe, context: "c")
        #expect(try loaded.unseal(Array(sealed), context: "c") == probe)

        // The file's digits are the master key.
        let master = try #require(Self.decode(text.dropLast()))
        let direct = try StoreKey(master: master)
        #expect(direct.lookupHash(probe, domain: .idNumber) == created.lookupHash(probe, domain: .idNumber))
    }

    @Test("two new key files get different keys")
    func distinctKeys() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let first = try StoreKey.loadOrCreate(path: dir.path + "/a.key", mayCreate: true)
        let second = try StoreKey.loadOrCreate(path: dir.path + "/b.key", mayCreate: true)
        let probe = Array("probe".utf8)
        #expect(first.lookupHash(probe, domain: .dedupNonce) != second.lookupHash(probe, domain: .dedupNonce))
    }

    @Test("processes racing to create the key file all end up with the one key written")
    func concurrentCreation() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/store.key"
        let probe = Array("probe".utf8)
        // Threads, not tasks: a loser of the race sleeps while the winner writes.
        let results = Mutex<[Result<Data, any Error>]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let result = Result {
                try StoreKey.loadOrCreate(path: path, mayCreate: true).lookupHash(probe, domain: .idNumber)
            }
            results.withLock { $0.append(result) }
        }
        let hashes = Set(try results.withLock { $0 }.map { try $0.get() })
        #expect(hashes.count == 1)
        let text = try #require(FileManager.default.contents(atPath: path))
        let master = try #require(Self.decode(text.dropLast()))
        #expect(hashes.first == (try StoreKey(master: master)).lookupHash(probe, domain: .idNumber))
    }

    @Test("a key file with CRLF is accepted; uppercase digits too")
    func lineEndings() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/store.key"
        try Self.writePrivate(path, Self.hex(Fixtures.fixedKey).uppercased() + "\r\n")
        let key = try StoreKey.loadOrCreate(path: path, mayCreate: false)
        let probe = Array("probe".utf8)
        #expect(
            key.lookupHash(probe, domain: .idNumber)
                == (try StoreKey(master: Fixtures.fixedKey)).lookupHash(probe, domain: .idNumber)
        )
    }

    @Test("oversized, symlinked, directory and missing key files are refused without creating anything")
    func refusedKeyFiles() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let oversized = dir.path + "/big.key"
        try Self.writePrivate(oversized, Self.hex(Fixtures.fixedKey) + String(repeating: " ", count: 200))
        var error = #expect(throws: CounterStoreError.self) {
            _ = try StoreKey.loadOrCreate(path: oversized, mayCreate: true)
        }
        #expect(error?.code == .invalidKey)

        let target = dir.path + "/real.key"
        try Self.writePrivate(target, Self.hex(Fixtures.fixedKey) + "\n")
        let link = dir.path + "/link.key"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        error = #expect(throws: CounterStoreError.self) {
            _ = try StoreKey.loadOrCreate(path: link, mayCreate: true)
        }
        #expect(error?.code == .invalidKey)

        let directory = dir.path + "/dir.key"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        error = #expect(throws: CounterStoreError.self) {
            _ = try StoreKey.loadOrCreate(path: directory, mayCreate: true)
        }
        #expect(error?.code == .invalidKey)

        let missing = dir.path + "/missing.key"
        error = #expect(throws: CounterStoreError.self) {
            _ = try StoreKey.loadOrCreate(path: missing, mayCreate: false)
        }
        #expect(error?.code == .invalidKey)
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test("look-up hashes match an independent HKDF + HMAC-SHA-256 computation")
    func lookupHashKnownAnswer() throws {
        let key = try StoreKey(master: Fixtures.fixedKey)
        let hash = key.lookupHash(Array("110105194912310011".utf8), domain: .idNumber)
        #expect(Self.hex(hash) == "17cec9b2b65b4d817fa81c6a97635936431a6377f3ff3db1682ef8f59b784361")
    }

    /// An audit row for the known-answer tests.
    static let sampleAuditRecord = AuditRecord(
        seq: 7,
        atMs: 1_795_000_000_123,
        operator: "clerk-1",
        action: "confirm",
        transactionID: 42,
        details: #"{"ticket":"A001"}"#,
        prevHash: Data(0..<32),
        hash: Data()
    )

    @Test("audit hashes match an independent SHA-256 of the canonical form")
    func auditHashKnownAnswer() {
        let record = Self.sampleAuditRecord
        #expect(
            Self.hex(record.computedHash(key: nil))
                == "c28808594d30c7f0ddcb938ff8807cee0fe6b1015ffa43ec96b5838a376c4619"
        )
        let first = AuditRecord(
            seq: 1,
            atMs: 0,
            operator: "system",
            action: "open",
            transactionID: nil,
            details: "",
            prevHash: AuditRecord.genesisHash,
            hash: Data()
        )
        #expect(
            Self.hex(first.computedHash(key: nil)) == "801a77c99b573c540ed0ab13c327511387d0293ded512769d22bbcc9d46f5a85"
        )
    }

    @Test("keyed audit hashes are HMAC-SHA-256 under the HKDF-derived audit key over the v2 canonical form")
    func keyedAuditHashKnownAnswer() throws {
        let record = Self.sampleAuditRecord
        var canonical = Array("hukou-audit-v2".utf8)
        for field in ["7", "1795000000123", "clerk-1", "confirm", "42", #"{"ticket":"A001"}"#] {
            let count = UInt32(field.utf8.count)
            canonical += [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
            canonical += field.utf8
        }
        canonical += Array(0..<32)
        let auditKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Fixtures.fixedKey),
            info: Array("hukou-counter-store audit v1".utf8),
            outputByteCount: 32
        )
        let expected = Data(HMAC<SHA256>.authenticationCode(for: canonical, using: auditKey))
        let key = try StoreKey(master: Fixtures.fixedKey)
        #expect(record.computedHash(key: key.auditKey) == expected)
        #expect(record.computedHash(key: key.auditKey) != record.computedHash(key: nil))
    }

    @Test("every seal carries its own nonce and opens again")
    func sealNonces() throws {
        let key = try StoreKey(master: Fixtures.fixedKey)
        let plaintext = Array("户口".utf8)
        var nonces = Set<Data>()
        for _ in 0..<600 {
            let sealed = try key.seal(plaintext, context: "name")
            nonces.insert(sealed.prefix(12))
            #expect(try key.unseal(Array(sealed), context: "name") == plaintext)
        }
        #expect(nonces.count == 600)
    }

    static func writePrivate(_ path: String, _ text: String) throws {
        #expect(
            FileManager.default.createFile(
                atPath: path,
                contents: Data(text.utf8),
                attributes: [.posixPermissions: 0o600]
            )
        )
    }

    static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        let digits = Array(text)
        guard digits.count % 2 == 0 else { return nil }
        return stride(from: 0, to: digits.count, by: 2).compactMap {
            UInt8(String(decoding: digits[$0..<($0 + 2)], as: UTF8.self), radix: 16)
        }
    }
}
