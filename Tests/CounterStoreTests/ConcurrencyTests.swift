import CounterStore
import Foundation
import Testing

@Suite("Concurrent terminals")
struct ConcurrencyTests {
    @Test("two pools on one file calling next concurrently never share a transaction or ticket")
    func callNextIsAtomic() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let daemon = try CounterStore(path: path)
        let terminalA = try CounterStore(path: path)
        let terminalB = try CounterStore(path: path)
        let total = 60
        for index in 0..<total {
            let priority: Priority = index.isMultiple(of: 7) ? .elderly : .normal
            let id = try await daemon.submitTap(Fixtures.tap(priority: priority)).transaction.id
            _ = try await daemon.confirm(id, operator: "clerk")
        }
        // Many more calls than tickets, interleaved from both terminals' pools.
        let called = try await withThrowingTaskGroup(of: CounterTransaction?.self) { group in
            for index in 0..<(total + 20) {
                let store = index.isMultiple(of: 2) ? terminalA : terminalB
                group.addTask { try await store.callNext(window: 1, operator: index.isMultiple(of: 2) ? "a" : "b") }
            }
            return try await group.reduce(into: [CounterTransaction]()) { if let value = $1 { $0.append(value) } }
        }
        #expect(called.count == total)
        #expect(Set(called.map(\.id)).count == total)
        #expect(Set(called.compactMap(\.ticket)).count == total)
        let states = try await daemon.transactions(window: 1).map(\.state)
        #expect(states.allSatisfy { $0 == .called })
        #expect(try await daemon.verifyAudit() == .intact(rows: total * 2 + total))
    }

    @Test("a terminal sees the daemon's commit through the change token")
    func changeTokenAcrossPools() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let daemon = try CounterStore(path: path)
        let terminal = try CounterStore(path: path)
        let before = try await terminal.changeToken()
        let id = try await daemon.submitTap(Fixtures.tap()).transaction.id
        let after = try await terminal.changeToken()
        #expect(after > before)
        #expect(try await terminal.transaction(id)?.state == .pending)
        _ = try await terminal.confirm(id, operator: "clerk")
        #expect(try await daemon.changeToken() > after)
    }
}
