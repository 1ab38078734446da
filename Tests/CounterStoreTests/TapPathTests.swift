import Foundation
import GRDB
import Synchronization
import Testing

@testable import CounterStore

/// The tap path's shortcuts give the same answers as the general code they stand in for.
@Suite("Tap-path shortcuts")
struct TapPathTests {
    @Test("look-up hashes are stable, case-folded for ID numbers, and separated by domain")
    func lookupHashes() throws {
        let key = try StoreKey(master: Fixtures.fixedKey)
        let again = try StoreKey(master: Fixtures.fixedKey)
        let bytes = Array("k1\u{1F}nonce-1".utf8)
        let first = key.lookupHash(bytes, domain: .dedupNonce)
        // The precomputed HMAC state must not be consumed by a look-up.
        #expect(key.lookupHash(bytes, domain: .dedupNonce) == first)
        #expect(again.lookupHash(bytes, domain: .dedupNonce) == first)
        #expect(key.lookupHash(bytes, domain: .dedupContent) != first)
        #expect(key.lookupHash(bytes, domain: .idNumber) != first)
        #expect(first.count == 32)

        let store = try CounterStore.inMemory(options: .init(key: Fixtures.fixedKey))
        #expect(store.idNumberLookupHash("11010519491231001x") == store.idNumberLookupHash("11010519491231001X"))
        #expect(store.idNumberLookupHash("ǆ") == store.idNumberLookupHash("Ǆ"))
        #expect(store.idNumberLookupHash("110105194912310011") != store.idNumberLookupHash("110105194912310012"))
    }

    @Test("a failing tap in a group commit fails alone; the others of its batch commit")
    func batchIsolation() async throws {
        let queue = try DatabaseQueue()
        try await queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT NOT NULL)")
        }
        let batcher = TapBatcher()
        let store = try CounterStore.inMemory()
        let receipt = try await store.submitTap(Fixtures.tap())
        let leaderStarted = Flag()
        let failing = 7
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            group.addTask {
                // The leader holds the writer long enough for the others to queue into one batch.
                let result = try await batcher.submit(writer: queue) { db in
                    leaderStarted.set()
                    usleep(200_000)
                    try db.execute(sql: "INSERT INTO t (label) VALUES ('leader')")
                    return receipt
                }
                return (-1, result == receipt)
            }
            while !leaderStarted.isSet { try await Task.sleep(for: .milliseconds(5)) }
            for index in 0..<12 {
                group.addTask {
                    do {
                        _ = try await batcher.submit(writer: queue) { db in
                            try db.execute(sql: "INSERT INTO t (label) VALUES (?)", arguments: ["tap \(index)"])
                            if index == failing {
                                throw CounterStoreError(.invalidInput, "tap \(index) refused")
                            }
                            return receipt
                        }
                        return (index, true)
                    } catch let error as CounterStoreError {
                        #expect(error.message == "tap \(index) refused")
                        return (index, false)
                    }
                }
            }
            return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.count == 13)
        #expect(outcomes.filter { !$0.value }.map(\.key) == [failing])
        let labels = try await queue.read { db in try String.fetchSet(db, sql: "SELECT label FROM t") }
        #expect(labels == Set(["leader"] + (0..<12).filter { $0 != failing }.map { "tap \($0)" }))
    }

    /// A flag set from the writer's thread and polled by the test.
    final class Flag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }
}
