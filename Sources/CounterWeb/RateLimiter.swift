import NIOConcurrencyHelpers

/// A fixed-window request counter per key: at most `limit` requests in each `interval`.
final class RateLimiter: Sendable {
    private struct Window {
        var start: ContinuousClock.Instant
        var count: Int
    }

    private let limit: Int
    private let interval: Duration
    private let windows = NIOLockedValueBox([Int: Window]())

    init(limit: Int, per interval: Duration) {
        self.limit = limit
        self.interval = interval
    }

    /// Counts a request for `key`; `false` when the key is over its limit in the current interval.
    func allow(_ key: Int, now: ContinuousClock.Instant = .now) -> Bool {
        windows.withLockedValue { table in
            var window = table[key] ?? Window(start: now, count: 0)
            if now - window.start >= interval { window = Window(start: now, count: 0) }
            window.count += 1
            table[key] = window
            return window.count <= limit
        }
    }
}
