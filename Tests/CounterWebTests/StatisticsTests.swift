import CounterStore
import CounterWeb
import Foundation
import Testing

@Suite("Station statistics")
struct StatisticsTests {
    @Test("mean and nearest-rank p90 of durations")
    func durations() {
        let summary = StationStatistics.Durations((1...10).map(Double.init))
        #expect(summary.count == 10 && summary.meanSeconds == 5.5 && summary.p90Seconds == 9)
        #expect(StationStatistics.Durations([42]).p90Seconds == 42)
        #expect(StationStatistics.Durations([]).meanSeconds == nil)
    }

    @Test("satisfaction rate: the three good levels over all; none is no rate")
    func satisfaction() {
        let some = Satisfaction(
            counts: ["very_satisfied": 2, "satisfied": 1, "basically_satisfied": 1, "dissatisfied": 1],
            openBad: 1
        )
        #expect(some.rate == 0.8)
        #expect(Satisfaction(counts: [:], openBad: 0).rate == nil)
    }

    @Test("a day of taps: counts per business, waiting now, wait and service times, windows, hours")
    func day() async throws {
        let clock = ManualClock()
        var options = CounterStoreOptions()
        options.clock = { clock.now }
        options.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current
        let store = try CounterStore.inMemory(options: options)
        // Four taps: one completed (60 s wait, 300 s service), one no-show, one rejected, one still queued.
        let done = try await HallFixtures.queued(store, window: 1)
        let gone = try await HallFixtures.queued(store, window: 2)
        let rejected = try await store.submitTap(HallFixtures.tap(window: 1))
        _ = try await store.reject(rejected.transaction.id, reason: "材料不全", operator: "c")
        try await HallFixtures.queued(store, window: 1)
        clock.advance(60)
        _ = try await store.callNext(window: 1, operator: "c")
        _ = try await store.startService(done.id, operator: "c")
        clock.advance(300)
        _ = try await store.complete(done.id, operator: "c")
        _ = try await store.callNext(window: 2, operator: "c")
        _ = try await store.markNoShow(gone.id, operator: "c")

        let day = store.stationDay()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = options.timeZone
        let stats = StationStatistics(
            day: day,
            transactions: try await store.transactions(onDay: day),
            calendar: calendar
        )
        #expect(stats.schemaVersion == 1)
        #expect(stats.total.taps == 4)
        #expect(stats.total.confirmed == 3)
        #expect(stats.total.completed == 1)
        #expect(stats.total.rejected == 1)
        #expect(stats.total.noShows == 1)
        #expect(stats.total.waitingNow == 1)
        #expect(stats.total.service.meanSeconds == 300)
        #expect(stats.total.wait.count == 2)
        #expect(stats.total.wait.p90Seconds == 360)
        #expect(stats.businesses.map(\.business) == ["ID_RENEW"])
        #expect(stats.windows.map(\.window) == [1, 2])
        #expect(stats.windows[0].completed == 1 && stats.windows[1].called == 1)
        #expect(stats.hours.count == 24 && stats.hours.map(\.taps).reduce(0, +) == 4)
        #expect(stats.hours.map(\.completed).reduce(0, +) == 1)
    }
}
