import CounterStore
import Foundation
import Testing

@Suite("Idempotent taps")
struct IdempotencyTests {
    @Test("the same nonce returns the first transaction and writes nothing")
    func sameNonce() async throws {
        let store = try CounterStore.inMemory()
        let first = try await store.submitTap(Fixtures.tap(dedup: .nonce("n-1", keyID: "k1")))
        #expect(!first.isDuplicate)
        _ = try await store.confirm(first.transaction.id, operator: "c")
        let token = try await store.changeToken()
        // Even hours later, at another window, the nonce is spent.
        let later = Date().addingTimeInterval(6 * 3600)
        let again = try await store.submitTap(Fixtures.tap(window: 4, dedup: .nonce("n-1", keyID: "k1"), at: later))
        #expect(again.isDuplicate)
        #expect(again.transaction.id == first.transaction.id)
        #expect(again.transaction.state == .confirmed)
        #expect(try await store.changeToken() == token)
        #expect(try await store.transactions().count == 1)
    }

    @Test("the nonce is scoped by key id")
    func nonceScopedByKey() async throws {
        let store = try CounterStore.inMemory()
        let a = try await store.submitTap(Fixtures.tap(dedup: .nonce("n-1", keyID: "k1")))
        let b = try await store.submitTap(Fixtures.tap(dedup: .nonce("n-1", keyID: "k2")))
        #expect(!b.isDuplicate)
        #expect(a.transaction.id != b.transaction.id)
    }

    @Test("card content repeats only within the interval and at the same window")
    func contentWindow() async throws {
        let store = try CounterStore.inMemory(options: .init(contentDedupInterval: 30))
        let digest = Array(repeating: UInt8(0xAB), count: 32)
        let start = Date()
        let first = try await store.submitTap(Fixtures.tap(window: 1, dedup: .content(sha256: digest), at: start))
        let within = try await store.submitTap(
            Fixtures.tap(window: 1, dedup: .content(sha256: digest), at: start.addingTimeInterval(29))
        )
        #expect(within.isDuplicate)
        #expect(within.transaction.id == first.transaction.id)
        let otherWindow = try await store.submitTap(
            Fixtures.tap(window: 2, dedup: .content(sha256: digest), at: start.addingTimeInterval(29))
        )
        #expect(!otherWindow.isDuplicate)
        let after = try await store.submitTap(
            Fixtures.tap(window: 1, dedup: .content(sha256: digest), at: start.addingTimeInterval(31))
        )
        #expect(!after.isDuplicate)
        #expect(try await store.transactions().count == 3)
        let different = try await store.submitTap(
            Fixtures.tap(window: 1, dedup: .content(sha256: Array(repeating: 1, count: 32)), at: start)
        )
        #expect(!different.isDuplicate)
    }

    @Test("a configurable interval")
    func configurableInterval() async throws {
        let store = try CounterStore.inMemory(options: .init(contentDedupInterval: 5))
        let digest = Array(repeating: UInt8(7), count: 32)
        let start = Date()
        _ = try await store.submitTap(Fixtures.tap(dedup: .content(sha256: digest), at: start))
        let later = try await store.submitTap(Fixtures.tap(dedup: .content(sha256: digest), at: start + 10))
        #expect(!later.isDuplicate)
    }

    @Test("concurrent repeats of one nonce create exactly one transaction")
    func concurrentRepeats() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let one = try CounterStore(path: path)
        let two = try CounterStore(path: path)
        let receipts = try await withThrowingTaskGroup(of: TapReceipt.self) { group in
            for index in 0..<16 {
                let store = index.isMultiple(of: 2) ? one : two
                group.addTask { try await store.submitTap(Fixtures.tap(dedup: .nonce("same", keyID: "k"))) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(receipts.filter { !$0.isDuplicate }.count == 1)
        #expect(Set(receipts.map(\.transaction.id)).count == 1)
        #expect(try await one.transactions().count == 1)
    }

    @Test("malformed submissions are refused and store nothing")
    func malformed() async throws {
        let store = try CounterStore.inMemory()
        var bad: [TapSubmission] = []
        var tap = Fixtures.tap()
        tap.ticketCategory = "a1"
        bad.append(tap)
        tap = Fixtures.tap(window: 0)
        bad.append(tap)
        tap = Fixtures.tap(payload: Array(repeating: 0, count: 64 * 1024 + 1))
        bad.append(tap)
        tap = Fixtures.tap(dedup: .content(sha256: [1, 2, 3]))
        bad.append(tap)
        tap = Fixtures.tap(dedup: .nonce(""))
        bad.append(tap)
        tap = Fixtures.tap(applicant: ApplicantRecord(name: "张\u{0}三", idNumber: "110105194912310021"))
        bad.append(tap)
        tap = Fixtures.tap(applicant: ApplicantRecord(name: "张三", idNumber: "1101' OR 1=1"))
        bad.append(tap)
        tap = Fixtures.tap()
        tap.materials = Array(repeating: "x", count: 33)
        bad.append(tap)
        tap = Fixtures.tap()
        tap.businessCode = "HK QR"
        bad.append(tap)
        for submission in bad {
            let error = await #expect(throws: CounterStoreError.self) { _ = try await store.submitTap(submission) }
            #expect(error?.code == .invalidInput)
        }
        #expect(try await store.transactions().isEmpty)
        #expect(try await store.changeToken() == 0)
    }
}

extension IdempotencyTests {
    @Test("a burst of concurrent taps with repeats is committed exactly once each")
    func burstWithRepeats() async throws {
        let store = try CounterStore.inMemory()
        let receipts = try await withThrowingTaskGroup(of: TapReceipt.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await store.submitTap(Fixtures.tap(window: 1 + index % 3, dedup: .nonce("n\(index % 50)")))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(receipts.filter { !$0.isDuplicate }.count == 50)
        #expect(Set(receipts.map(\.transaction.id)).count == 50)
        #expect(try await store.transactions().count == 50)
        #expect(try await store.verifyAudit() == .intact(rows: 50))
    }
}
