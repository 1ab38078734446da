import CounterStaff
import CounterStore
import CounterWeb
import Foundation
import Testing

@Suite("Evaluation rules")
struct EvaluationRuleTests {
    /// A store with one transaction completed at window 1 now; returns both and the clock.
    static func completed() async throws -> (CounterStore, CounterTransaction, ManualClock) {
        let clock = ManualClock()
        var options = CounterStoreOptions()
        options.clock = { clock.now }
        let store = try CounterStore.inMemory(options: options)
        let queued = try await HallFixtures.queued(store, window: 1)
        _ = try await store.callNext(window: 1, operator: "c")
        _ = try await store.startService(queued.id, operator: "c")
        let done = try await store.complete(queued.id, operator: "c")
        return (store, done, clock)
    }

    @Test("one evaluation per completed transaction, from its window, audited")
    func once() async throws {
        let (store, done, _) = try await Self.completed()
        let before = try await store.changeToken()
        let stored = try await store.evaluate(done.id, window: 1, level: .satisfied, reasons: [], comment: nil)
        #expect(stored.level == .satisfied && stored.ticket == done.ticket)
        #expect(try await store.changeToken() == before + 1, "an evaluation appends one audit row")
        #expect(try await store.verifyAudit() == .intact(rows: Int(before) + 1))
        await #expect(throws: CounterStoreError.self) {
            try await store.evaluate(done.id, window: 1, level: .verySatisfied, reasons: [], comment: nil)
        }
        #expect(try await store.evaluations().count == 1)
    }

    @Test("refused: another window, too late, not completed, a bad level without a reason, an over-long text")
    func refusals() async throws {
        let (store, done, clock) = try await Self.completed()
        await #expect(throws: CounterStoreError.self) {
            try await store.evaluate(done.id, window: 2, level: .satisfied, reasons: [], comment: nil)
        }
        await #expect(throws: CounterStoreError.self) {
            try await store.evaluate(done.id, window: 1, level: .dissatisfied, reasons: [], comment: nil)
        }
        await #expect(throws: CounterStoreError.self) {
            try await store.evaluate(
                done.id,
                window: 1,
                level: .dissatisfied,
                reasons: [.slow],
                comment: String(repeating: "字", count: Evaluation.maximumCommentLength + 1)
            )
        }
        let waiting = try await HallFixtures.queued(store, window: 1)
        await #expect(throws: CounterStoreError.self) {
            try await store.evaluate(waiting.id, window: 1, level: .satisfied, reasons: [], comment: nil)
        }
        clock.advance(Evaluation.acceptanceWindow + 1)
        await #expect(throws: CounterStoreError.self) {
            try await store.evaluate(done.id, window: 1, level: .satisfied, reasons: [], comment: nil)
        }
        #expect(try await store.evaluations().isEmpty, "a refused evaluation stored something")
    }

    @Test("a bad evaluation is open until its rectification is recorded; the satisfaction rate counts it")
    func rectification() async throws {
        let (store, done, _) = try await Self.completed()
        try await store.evaluate(
            done.id,
            window: 1,
            level: .veryDissatisfied,
            reasons: [.longWait, .attitude],
            comment: "等了很久"
        )
        #expect(try await store.evaluations(openOnly: true).map(\.transactionID) == [done.id])
        var stats = try await StationStatistics.load(from: store, day: store.stationDay())
        #expect(stats.satisfaction.rate == 0 && stats.satisfaction.openBad == 1)
        let fixed = try await store.rectify(done.id, note: "已约谈窗口人员并增开窗口", on: "2026-12-05", operator: "所长")
        #expect(fixed.rectifiedOn == "2026-12-05" && fixed.reasons == [.attitude, .longWait])
        #expect(try await store.evaluations(openOnly: true).isEmpty)
        #expect(try await store.evaluations(badOnly: true).count == 1)
        stats = try await StationStatistics.load(from: store, day: store.stationDay())
        #expect(stats.satisfaction.openBad == 0)
        await #expect(throws: CounterStoreError.self) {
            try await store.rectify(done.id, note: "x", on: "2026-13-40", operator: "所长")
        }
    }

    @Test("the window screen offers the pad only for the last transaction completed there, until it is evaluated")
    func windowScreen() async throws {
        let (store, done, clock) = try await Self.completed()
        var screen = try await WindowScreen.load(from: store, window: 1, station: "站", staff: .empty, now: clock.now)
        #expect(screen.serving == nil && screen.evaluable?.transactionID == done.id)
        #expect(
            try await WindowScreen.load(from: store, window: 2, station: "站", staff: .empty, now: clock.now).evaluable
                == nil
        )
        try await store.evaluate(done.id, window: 1, level: .satisfied, reasons: [], comment: nil)
        screen = try await WindowScreen.load(from: store, window: 1, station: "站", staff: .empty, now: clock.now)
        #expect(screen.evaluable == nil)
        try await HallFixtures.queued(store, window: 1)
        _ = try await store.callNext(window: 1, operator: "c")
        screen = try await WindowScreen.load(from: store, window: 1, station: "站", staff: .empty, now: clock.now)
        #expect(screen.serving?.materials == ["居民身份证", "户口簿"])
    }
}
