/// The last taps the pipeline finished, kept in memory (bounded) for the clerks' terminals.
final class RecentTaps: Sendable {
    /// How many taps are kept.
    static let capacity = 256

    private let state = LockedValue((next: Int64(1), entries: [RecentTap]()))

    func record(window: Int, _ outcome: TapOutcome) {
        state.withLock { state in
            state.entries.append(
                RecentTap(
                    seq: state.next,
                    window: window,
                    outcome: outcome.kind,
                    transactionID: outcome.transaction?.id
                )
            )
            state.next += 1
            if state.entries.count > Self.capacity { state.entries.removeFirst(state.entries.count - Self.capacity) }
        }
    }

    /// The entries after `seq`, oldest first.
    func after(_ seq: Int64) -> [RecentTap] {
        state.withLock { state in state.entries.filter { $0.seq > seq } }
    }
}
