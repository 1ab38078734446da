/// Tap counts since start, for `status`.
final class TapCounters: Sendable {
    private let counts = LockedValue(DaemonStatus.TapCounts())

    func record(duplicate: Bool) {
        counts.withLock { duplicate ? ($0.duplicate += 1) : ($0.accepted += 1) }
    }

    func record(failed: Bool) {
        counts.withLock { $0.failed += 1 }
    }

    func recordRejected(replayed: Bool = false) {
        counts.withLock {
            $0.rejected += 1
            if replayed { $0.replayed += 1 }
        }
    }

    var current: DaemonStatus.TapCounts { counts.current }
}
