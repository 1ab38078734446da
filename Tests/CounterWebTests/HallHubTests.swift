import CounterStore
import Foundation
import Logging
import Testing

@testable import CounterWeb

@Suite("The hall's hub and its displays")
struct HallHubTests {
    static func hub(_ store: CounterStore, maximumEventClients: Int = 1000) -> HallHub {
        HallHub(
            store: store,
            configuration: WebConfiguration(
                stationName: "测试派出所",
                windows: [1, 2],
                maximumEventClients: maximumEventClients
            ),
            logger: Logger(label: "test"),
            audioPath: { _ in [] }
        )
    }

    @Test("at most web.max_event_clients displays; a place frees when one leaves; none after close, and all end")
    func boundedClients() async throws {
        let hub = Self.hub(try CounterStore.inMemory(), maximumEventClients: 3)
        let first = try #require(hub.subscribe())
        _ = try #require(hub.subscribe())
        _ = try #require(hub.subscribe())
        #expect(hub.subscribe() == nil, "a fourth display")
        hub.unsubscribe(first)
        let again = try #require(hub.subscribe())
        #expect(hub.subscriberCount == 3)
        hub.close()
        #expect(hub.subscribe() == nil && hub.subscriberCount == 0)
        var ended = false
        for await _ in again.wakeUps {}
        ended = true
        #expect(ended)
    }

    @Test("a display that reads nothing holds one pending wake-up, however many changes; every display is woken")
    func onePendingWakeUp() async throws {
        let store = try CounterStore.inMemory()
        let hub = Self.hub(store)
        try await hub.refresh()
        // More displays than one fan-out batch, none of them reading.
        let displays = (0..<(HallHub.fanOutBatch * 3 + 5)).compactMap { _ in hub.subscribe() }
        #expect(displays.count == HallHub.fanOutBatch * 3 + 5)
        for _ in 0..<10 {
            try await HallFixtures.queued(store)
            #expect(try await hub.refresh())
        }
        let token = try await store.changeToken()
        #expect(hub.current.version == token, "the newest state is published")
        hub.close()
        for display in displays {
            var pending = 0
            for await _ in display.wakeUps { pending += 1 }
            #expect(pending == 1)
        }
    }

    @Test("a burst of changes is published at most once per publication interval, ending on the newest state")
    func coalescedPublications() async throws {
        let store = try CounterStore.inMemory()
        let hub = Self.hub(store)
        let display = try #require(hub.subscribe())
        let seen = Seen()
        let reader = Task {
            for await _ in display.wakeUps {
                let now = hub.current
                seen.append(version: now.version, at: now.publishedAt)
            }
        }
        let polling = Task { await hub.run() }
        // 20 changes, 20 ms apart: 400 ms of changes, each moving the change token.
        for _ in 0..<20 {
            try await HallFixtures.queued(store)
            try await Task.sleep(for: .milliseconds(20))
        }
        let last = try await store.changeToken()
        let deadline = ContinuousClock.now + .seconds(3)
        while hub.current.version != last, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        polling.cancel()
        await polling.value
        hub.close()
        await reader.value

        #expect(hub.current.version == last, "the newest state was not published")
        let publications = seen.distinct
        #expect(publications.last?.version == last, "the display did not end on the newest state")
        #expect(publications.count <= 5, "\(publications.count) publications for 20 changes in 400 ms")
        for (earlier, later) in zip(publications, publications.dropFirst()) {
            #expect(later.at - earlier.at >= HallHub.publicationInterval, "\(later.at - earlier.at) apart")
        }
    }

    @Test("the next read: a poll interval on, but no sooner than a publication interval after the last publication")
    func nextRead() {
        let now = ContinuousClock.now
        #expect(HallHub.nextRead(now: now, lastPublished: now - .seconds(10)) == now + HallHub.pollInterval)
        #expect(HallHub.nextRead(now: now, lastPublished: now) == now + HallHub.publicationInterval)
    }
}

/// What a display saw: the state's version and publication time at each wake-up.
private final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(version: Int64, at: ContinuousClock.Instant)] = []

    func append(version: Int64, at: ContinuousClock.Instant) {
        lock.withLock { entries.append((version, at)) }
    }

    /// Each publication once, in order.
    var distinct: [(version: Int64, at: ContinuousClock.Instant)] {
        lock.withLock {
            var result: [(version: Int64, at: ContinuousClock.Instant)] = []
            for entry in entries where result.last?.version != entry.version { result.append(entry) }
            return result
        }
    }
}
