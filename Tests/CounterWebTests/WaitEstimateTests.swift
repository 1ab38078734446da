import CounterWeb
import Foundation
import Testing

@Suite("Wait estimates")
struct WaitEstimateTests {
    @Test("waiting × mean service ÷ open windows; nobody waiting is no wait; no service yet is no estimate")
    func formula() {
        #expect(WaitEstimate.seconds(waiting: 4, meanServiceSeconds: 300, openWindows: 2) == 600)
        #expect(WaitEstimate.seconds(waiting: 3, meanServiceSeconds: 200, openWindows: 0) == 600)
        #expect(WaitEstimate.seconds(waiting: 0, meanServiceSeconds: nil, openWindows: 1) == 0)
        #expect(WaitEstimate.seconds(waiting: 2, meanServiceSeconds: nil, openWindows: 1) == nil)
        #expect(WaitEstimate.seconds(waiting: 2, meanServiceSeconds: .nan, openWindows: 1) == nil)
    }

    @Test("service durations come from completed transactions only, start to finish")
    func durations() {
        let start = Date(timeIntervalSince1970: 1_000)
        let times = [
            CounterTransactionTimes(
                createdAt: start,
                serviceStartedAt: start,
                finishedAt: start + 120,
                completed: true
            ),
            CounterTransactionTimes(
                createdAt: start,
                serviceStartedAt: start,
                finishedAt: start + 30,
                completed: false
            ),
            CounterTransactionTimes(createdAt: start, serviceStartedAt: start, completed: true),
        ]
        #expect(WaitEstimate.serviceDurations(times) == [120])
    }
}
