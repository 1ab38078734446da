public import Foundation

/// How long a citizen joining a business's queue now can expect to wait, from the day's real service times.
///
/// `wait = waiting × mean service time ÷ open windows`, where the mean service time is that of the business's
/// completed transactions today (service start to completion), or, while it has none, that of all businesses
/// today; with no completed service today there is no estimate. Open windows are those with a ticket called or
/// being served now (at least one).
public enum WaitEstimate {
    /// The estimated wait in seconds, or `nil` when the day has no completed service to go by.
    public static func seconds(waiting: Int, meanServiceSeconds: Double?, openWindows: Int) -> Double? {
        guard waiting > 0 else { return 0 }
        guard let meanServiceSeconds, meanServiceSeconds.isFinite, meanServiceSeconds > 0 else { return nil }
        return Double(waiting) * meanServiceSeconds / Double(max(1, openWindows))
    }

    /// The durations of service (start to completion) of completed transactions, in seconds.
    public static func serviceDurations(_ transactions: some Sequence<CounterTransactionTimes>) -> [Double] {
        transactions.compactMap { times in
            guard let start = times.serviceStartedAt, let end = times.finishedAt, times.completed, end >= start
            else { return nil }
            return end.timeIntervalSince(start)
        }
    }
}

/// The times of one transaction that the estimates and the statistics read.
public struct CounterTransactionTimes: Sendable, Hashable {
    /// When it was tapped.
    public var createdAt: Date
    /// When it joined the queue.
    public var queuedAt: Date?
    /// When it was (last) called.
    public var calledAt: Date?
    /// When service started.
    public var serviceStartedAt: Date?
    /// When it reached a final state.
    public var finishedAt: Date?
    /// Whether it ended completed.
    public var completed: Bool

    /// The times as given.
    public init(
        createdAt: Date,
        queuedAt: Date? = nil,
        calledAt: Date? = nil,
        serviceStartedAt: Date? = nil,
        finishedAt: Date? = nil,
        completed: Bool
    ) {
        self.createdAt = createdAt
        self.queuedAt = queuedAt
        self.calledAt = calledAt
        self.serviceStartedAt = serviceStartedAt
        self.finishedAt = finishedAt
        self.completed = completed
    }
}
