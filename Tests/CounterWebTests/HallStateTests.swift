import CounterStore
import CounterWeb
import Foundation
import NIOCore
import Testing

@Suite("Hall state")
struct HallStateTests {
    @Test("windows show their called ticket, calls come in order with recalls, queues count per business")
    func state() async throws {
        let store = try CounterStore.inMemory()
        let first = try await HallFixtures.queued(store, window: 1)
        try await HallFixtures.queued(store, window: 1, priority: .elderly)
        try await HallFixtures.queued(store, window: 2)
        let hub = HallFixtures.hub(store, windows: [1, 2, 3])
        #expect(try await hub.refresh())
        #expect(try await hub.refresh() == false, "no change, no new state")
        let called = try #require(try await store.callNext(window: 1, operator: "clerk01"))
        #expect(called.priority == .elderly, "the priority lane is called first")
        _ = try await store.recall(called.id, operator: "clerk01")
        #expect(try await hub.refresh())
        let state = try #require(hub.current.state)
        #expect(state.station == "测试派出所")
        #expect(state.windows.map(\.window) == [1, 2, 3])
        #expect(state.windows[0].ticket == called.ticket)
        #expect(state.windows[0].priority)
        #expect(state.windows[1].ticket == nil)
        #expect(state.calls.map(\.recall) == [false, true])
        #expect(state.calls.map(\.ticket) == [called.ticket, called.ticket])
        #expect(state.calls[0].announcement.displayText == "请\(called.ticket ?? "")号到1号窗口办理")
        let waiting = try #require(state.waiting.first)
        #expect(waiting.count == 2)
        #expect(waiting.priorityCount == 0)
        #expect(waiting.estimatedWaitMinutes == nil, "no completed service yet")
        _ = first
    }

    @Test("the estimate uses the day's completed service times")
    func estimate() async throws {
        let clock = ManualClock()
        var options = CounterStoreOptions()
        options.clock = { clock.now }
        let store = try CounterStore.inMemory(options: options)
        for _ in 0..<3 { try await HallFixtures.queued(store, window: 1) }
        let served = try #require(try await store.callNext(window: 1, operator: "c"))
        _ = try await store.startService(served.id, operator: "c")
        clock.advance(240)
        _ = try await store.complete(served.id, operator: "c")
        _ = try #require(try await store.callNext(window: 1, operator: "c"))
        let hub = HallFixtures.hub(store)
        try await hub.refresh()
        let waiting = try #require(hub.current.state?.waiting.first)
        // One waits, 240 s mean service, one window open: 4 minutes.
        #expect(waiting.count == 1)
        #expect(waiting.estimatedWaitMinutes == 4)
    }

    @Test("no name or ID number, full or masked, in the hall's JSON")
    func noPersonalData() async throws {
        let store = try CounterStore.inMemory()
        let queued = try await HallFixtures.queued(store)
        _ = try await store.callNext(window: 1, operator: "c")
        let hub = HallFixtures.hub(store)
        try await hub.refresh()
        let text = String(decoding: hub.current.json.readableBytesView, as: UTF8.self)
        #expect(text.contains(queued.ticket ?? "?"))
        for forbidden in [
            HallFixtures.name, HallFixtures.idNumber, queued.maskedName ?? "张*明", queued.maskedIDNumber ?? "110***",
            "张", "0011", "maskedName", "maskedIDNumber",
        ] {
            #expect(!text.contains(forbidden), "the hall state contains \(forbidden)")
        }
    }

    @Test("a change written by another connection to the file reaches the hub within a poll interval")
    func crossProcessNotification() async throws {
        let folder = try HallFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/counter.sqlite"
        let daemonSide = try CounterStore(path: path)
        let clerkSide = try CounterStore(path: path)
        let hub = HallFixtures.hub(daemonSide)
        let polling = Task { await hub.run() }
        defer { polling.cancel() }
        var latencies: [Duration] = []
        func waitFor(_ token: Int64) async throws {
            let deadline = ContinuousClock.now + .seconds(2)
            while hub.current.version != token, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(2))
            }
        }
        for _ in 0..<20 {
            try await HallFixtures.queued(clerkSide)
            try await waitFor(try await clerkSide.changeToken())
            _ = try await clerkSide.callNext(window: 1, operator: "clerk01")
            let committed = ContinuousClock.now
            let token = try await clerkSide.changeToken()
            try await waitFor(token)
            #expect(hub.current.version == token, "the call did not reach the hub")
            latencies.append(max(.zero, hub.current.publishedAt - committed))
        }
        latencies.sort()
        let worst = try #require(latencies.last)
        print("hall change notification: p50 \(latencies[latencies.count / 2]), max \(worst)")
        #expect(worst < .seconds(1))
    }
}

/// A settable clock.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var date = Date()

    var now: Date { lock.withLock { date } }

    func advance(_ seconds: TimeInterval) { lock.withLock { date += seconds } }
}
