public import CounterStore
public import Foundation
public import Logging
public import ServiceLifecycle

/// Purges the sealed personal data of transactions that ended more than `retentionDays` ago, at start and then
/// every `interval`, until graceful shutdown (PIPL: personal data is kept no longer than needed).
///
/// What stays and for how long is documented in docs/store.md ("Retention"). A failed purge is logged and tried
/// again at the next interval; it never stops the daemon.
public final class RetentionService: Service, Sendable {
    private let store: CounterStore
    private let retentionDays: Int
    private let interval: Duration
    private let logger: Logger
    private let clock: @Sendable () -> Date

    /// The default time between purges.
    public static let defaultInterval = Duration.seconds(3600)

    /// Creates the service; nothing happens until ``run()``.
    public init(
        store: CounterStore,
        retentionDays: Int,
        interval: Duration = RetentionService.defaultInterval,
        logger: Logger,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.retentionDays = retentionDays
        self.interval = interval
        self.logger = logger
        self.clock = clock
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.purgeOnce()
                try? await Task.sleep(for: self.interval)
            }
        }
    }

    /// One purge of what ended before now minus the retention period.
    func purgeOnce() async {
        let cutoff = clock().addingTimeInterval(-Double(retentionDays) * 86_400)
        do {
            let report = try await store.purgePersonalData(finishedBefore: cutoff, operator: "system:retention")
            if !report.transactionIDs.isEmpty {
                logger.notice(
                    "personal data purged",
                    metadata: ["transactions": "\(report.transactionIDs.count)", "retention_days": "\(retentionDays)"]
                )
            }
        } catch {
            logger.error("retention purge failed", metadata: ["error": "\(error)"])
        }
    }
}
