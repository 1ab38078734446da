public import CounterStore
import Crypto
public import Foundation
import HukouText
public import Logging
import NIOConcurrencyHelpers
public import ServiceLifecycle

/// The settings of a station's replication to the district (`[central]` in counter.toml).
public struct ReplicatorConfiguration: Sendable, Hashable {
    /// The central PostgreSQL (the password, if any, already read from its file).
    public var database: CentralDatabase
    /// This station's id, as registered centrally.
    public var station: String
    /// The shared secret the batches are authenticated with.
    public var secret: [UInt8]
    /// The district's pseudonym key; without it no pseudonym is sent.
    public var subjectKey: [UInt8]?
    /// Audit rows per batch.
    public var batchSize: Int = 500
    /// The lag past which a warning is logged (once, until replication catches up again).
    public var lagWarningSeconds: Double = 300
    /// How often an idle replicator looks for new rows.
    public var pollInterval: Duration = .milliseconds(100)
    /// How often an idle replicator tells the central store it is alive.
    public var heartbeatInterval: Duration = .seconds(30)
    /// The first retry delay after a failure; it doubles up to ``maximumBackoff``, with jitter.
    public var initialBackoff: Duration = .milliseconds(500)
    /// The longest retry delay.
    public var maximumBackoff: Duration = .seconds(60)

    /// Settings with the defaults.
    public init(database: CentralDatabase, station: String, secret: [UInt8], subjectKey: [UInt8]? = nil) {
        self.database = database
        self.station = station
        self.secret = secret
        self.subjectKey = subjectKey
    }

    /// The name of the station store's watermark row for this target.
    public static let target = "central"
}

/// How replication is doing, for `hukou daemon --status` and the log.
public struct ReplicationStatus: Sendable, Hashable, Codable {
    /// `connecting`, `replicating`, `idle` (everything acknowledged) or `failing`.
    public var state: String
    /// The central store (no password).
    public var central: String
    /// This station's id.
    public var station: String
    /// The last audit row the central store acknowledged.
    public var ackedSeq: Int64
    /// The station's last audit row.
    public var headSeq: Int64
    /// Rows waiting to be sent.
    public var backlog: Int64
    /// Age of the oldest row waiting, in seconds.
    public var lagSeconds: Double
    /// The last failure, while failing.
    public var lastError: String?
    /// When a batch was last acknowledged.
    public var lastAcknowledged: Date?
}

/// Ships the station's audit log, in order, to the district's central PostgreSQL (a `Service` in the daemon's
/// group).
///
/// It reads the rows after the central head, sends them in batches through `hukou_central.ingest` (HMAC under the
/// station secret) and raises the store's watermark to the head the server answers. A retry after any failure
/// resends from the central head, so nothing is inserted twice and nothing is skipped; failures back off
/// exponentially with jitter and never touch the tap path. Nothing at the station is deleted: the audit log is
/// the outbox, and it is kept.
public final class Replicator: Service, Sendable {
    private let store: CounterStore
    private let configuration: ReplicatorConfiguration
    private let staffNumber: @Sendable (String) -> String?
    private let logger: Logger
    private let clock: @Sendable () -> Date
    private let state: NIOLockedValueBox<ReplicationStatus>
    private let warned = NIOLockedValueBox(false)

    /// Creates the replicator; nothing happens until ``run()``.
    ///
    /// - Parameter staffNumber: turns an audit operator into the staff number sent centrally (`nil` for others).
    public init(
        store: CounterStore,
        configuration: ReplicatorConfiguration,
        staffNumber: @escaping @Sendable (String) -> String?,
        logger: Logger,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.configuration = configuration
        self.staffNumber = staffNumber
        self.logger = logger
        self.clock = clock
        state = NIOLockedValueBox(
            ReplicationStatus(
                state: "connecting",
                central: configuration.database.description,
                station: configuration.station,
                ackedSeq: 0,
                headSeq: 0,
                backlog: 0,
                lagSeconds: 0
            )
        )
    }

    /// The current status.
    public var status: ReplicationStatus { state.withLockedValue { $0 } }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.replicate()
        }
    }

    /// Connects, sends, and on any failure waits and starts again from the central head, until cancelled.
    func replicate() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                try await session(onProgress: { failures = 0 })
            } catch {
                if Task.isCancelled { break }
                failures += 1
                let message = (error as? CentralError)?.description ?? "\(error)"
                let previous = state.withLockedValue { status in
                    let previous = status.lastError
                    status.state = "failing"
                    status.lastError = message
                    return previous
                }
                if previous != message {
                    logger.warning(
                        "central replication failed; retrying",
                        metadata: ["error": "\(message)", "station": "\(configuration.station)"]
                    )
                }
            }
            // Wait, keeping the status's backlog and lag current (a long outage means long waits).
            let resume = ContinuousClock.now + backoff(failures: failures)
            while !Task.isCancelled, ContinuousClock.now < resume {
                await refreshBacklog()
                try? await Task.sleep(for: min(.seconds(1), resume - ContinuousClock.now))
            }
        }
    }

    /// The delay before the next attempt after `failures` failures in a row: exponential, capped, with jitter
    /// (between half and all of the exponential value), so that stations do not retry in step.
    func backoff(failures: Int) -> Duration {
        let base =
            Double(configuration.initialBackoff.components.attoseconds) / 1e18
            + Double(configuration.initialBackoff.components.seconds)
        let cap =
            Double(configuration.maximumBackoff.components.seconds)
            + Double(configuration.maximumBackoff.components.attoseconds) / 1e18
        let exponential = min(cap, base * pow(2, Double(max(0, failures - 1))))
        return .milliseconds(Int64(exponential * Double.random(in: 0.5...1.0) * 1000))
    }

    /// One connection's life: find the central head, then send batches until something fails or the task ends.
    private func session(onProgress: () -> Void) async throws {
        let client = try await CentralClient.connect(configuration.database, logger: logger)
        do {
            try await stream(client, onProgress: onProgress)
        } catch {
            await client.close()
            throw error
        }
        await client.close()
    }

    private func stream(_ client: CentralClient, onProgress: () -> Void) async throws {
        let station = configuration.station
        var cursor = try await client.head(station: station).seq
        let local = try await store.outboxStatus(target: ReplicatorConfiguration.target)
        guard cursor <= local.headSeq else {
            throw CentralError(
                .forked,
                "the central copy holds rows up to \(cursor), but this station's audit log ends at row "
                    + "\(local.headSeq) (truncated or replaced)",
                seq: local.headSeq + 1
            )
        }
        if cursor > local.ackedSeq { try await acknowledge(cursor) }
        let secret = SymmetricKey(data: configuration.secret)
        let subjectKey = configuration.subjectKey.map { SymmetricKey(data: $0) }
        var lastContact = ContinuousClock.now
        state.withLockedValue { $0.state = "replicating" }
        while !Task.isCancelled {
            let batch = try await store.outboxBatch(
                after: cursor,
                limit: configuration.batchSize,
                subjectKey: subjectKey
            )
            if batch.events.isEmpty {
                // Nothing after the cursor: the status needs reading only when it last showed work waiting.
                if status.backlog != 0 || status.state != "idle" { await refreshBacklog() }
                if ContinuousClock.now - lastContact >= configuration.heartbeatInterval {
                    _ = try await send(
                        CentralBatch(station: station, batch: batch, staffNumber: staffNumber),
                        client,
                        secret
                    )
                    lastContact = .now
                }
                try await Task.sleep(for: configuration.pollInterval)
                continue
            }
            let wire = CentralBatch(station: station, batch: batch, staffNumber: staffNumber)
            let head = try await send(wire, client, secret)
            guard let last = wire.lastSeq, head >= last else {
                throw CentralError(.corruptResponse, "the central head \(head) is behind the batch sent")
            }
            try await acknowledge(head)
            cursor = head
            lastContact = .now
            onProgress()
            await refreshBacklog()
        }
    }

    private func send(_ wire: CentralBatch, _ client: CentralClient, _ secret: SymmetricKey) async throws -> Int64 {
        let payload = try wire.payload()
        let mac = Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: secret))
        return try await client.ingest(station: configuration.station, payload: payload, mac: mac)
    }

    private func acknowledge(_ seq: Int64) async throws {
        let now = clock()
        try await store.acknowledgeOutbox(target: ReplicatorConfiguration.target, through: seq, at: now)
        state.withLockedValue { status in
            status.lastAcknowledged = now
            status.lastError = nil
        }
    }

    /// Re-reads the watermark, the backlog and the lag; warns once when the lag passes the threshold and says so
    /// when it is back under half of it.
    private func refreshBacklog() async {
        guard let outbox = try? await store.outboxStatus(target: ReplicatorConfiguration.target) else { return }
        let lag = outbox.lagSeconds(now: clock())
        state.withLockedValue { status in
            status.ackedSeq = outbox.ackedSeq
            status.headSeq = outbox.headSeq
            status.backlog = outbox.backlog
            status.lagSeconds = lag
            if status.state != "failing" || status.lastError == nil {
                status.state = outbox.backlog == 0 ? "idle" : "replicating"
            }
        }
        let threshold = configuration.lagWarningSeconds
        let fields: Logger.Metadata = ["lag_seconds": "\(Int(lag))", "backlog": "\(outbox.backlog)"]
        if lag > threshold, !warned.withLockedValue({ $0 }) {
            warned.withLockedValue { $0 = true }
            logger.warning("central replication is lagging", metadata: fields)
        } else if lag < threshold / 2, warned.withLockedValue({ $0 }) {
            warned.withLockedValue { $0 = false }
            logger.notice("central replication caught up", metadata: fields)
        }
    }
}
