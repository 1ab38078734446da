import CounterDaemon
import CounterStore
import Testing

@Suite("Repeated-tap feed")
struct RepeatedTapFeedTests {
    /// Answers `recent` from a fixed list of taps, recording the `after` asked for; nil while `reachable` is off.
    actor FakeDaemon {
        var taps: [RecentTap] = []
        var reachable = true
        var asked: [Int64] = []

        func add(_ outcome: TapOutcome.Kind, window: Int, transaction: Int64?) {
            taps.append(
                RecentTap(seq: Int64(taps.count + 1), window: window, outcome: outcome, transactionID: transaction)
            )
        }

        func setReachable(_ value: Bool) { reachable = value }

        func recent(after: Int64) -> [RecentTap]? {
            asked.append(after)
            return reachable ? taps.filter { $0.seq > after } : nil
        }
    }

    @Test("the first answer is only the starting point; then this window's repeats, once each")
    func repeatsOfOneWindow() async {
        let daemon = FakeDaemon()
        await daemon.add(.duplicate, window: 1, transaction: 7)  // before the terminal opened
        let feed = RepeatedTapFeed(window: 1) { await daemon.recent(after: $0) }
        #expect(await feed.next().isEmpty)

        await daemon.add(.accepted, window: 1, transaction: 8)
        await daemon.add(.duplicate, window: 2, transaction: 9)
        await daemon.add(.duplicate, window: 1, transaction: 8)
        await daemon.add(.rejected, window: 1, transaction: nil)
        await daemon.add(.duplicate, window: 1, transaction: nil)
        #expect(await feed.next() == [TransactionID(8)])
        #expect(await feed.next().isEmpty)
        #expect(await daemon.asked == [0, 1, 6])
    }

    @Test("an unreachable daemon yields nothing and keeps the starting point")
    func unreachable() async {
        let daemon = FakeDaemon()
        await daemon.setReachable(false)
        let feed = RepeatedTapFeed(window: 3) { await daemon.recent(after: $0) }
        #expect(await feed.next().isEmpty)
        await daemon.setReachable(true)
        await daemon.add(.duplicate, window: 3, transaction: 5)
        // The first answer that arrives is the starting point, whenever it comes.
        #expect(await feed.next().isEmpty)
        await daemon.add(.duplicate, window: 3, transaction: 5)
        #expect(await feed.next() == [TransactionID(5)])
        await daemon.setReachable(false)
        #expect(await feed.next().isEmpty)
        #expect(await daemon.asked == [0, 0, 1, 2])
    }
}
