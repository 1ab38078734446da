public import CounterStore
import Foundation
public import Logging
import NIOConcurrencyHelpers
public import NIOCore

/// Watches the store for changes made by any process and hands the hall's state to every live display.
///
/// Change notification: every change to a transaction appends an audit row in the same database transaction, so
/// the store's ``CounterStore/changeToken()`` (the last audit sequence number, one indexed read) moves with every
/// commit, whichever process made it — the daemon, a clerk's terminal, a command-line tool. The hub reads it every
/// ``pollInterval``; when it moved (or the station day turned), it rebuilds the state once and wakes every
/// subscriber. A subscriber holds at most one pending wake-up and always sends the newest state, so a slow
/// display costs one buffer, never a queue.
///
/// Publications are coalesced: after one, the token is read again only when ``publicationInterval`` has passed, so
/// a burst of changes costs the displays one push every quarter second, the last of which carries the newest
/// state. The wake-ups go out a batch at a time (``fanOutBatch``), the fan-out yielding between batches, so the
/// displays' socket writes queue behind the work already waiting — a tap's — instead of ahead of it.
public final class HallHub: Sendable {
    /// How often the change token is read while nothing was published recently.
    public static let pollInterval: Duration = .milliseconds(100)
    /// The least time between two publications (a hall screen needs no more than a few a second).
    public static let publicationInterval: Duration = .milliseconds(250)
    /// How many displays are woken before the fan-out yields to other work.
    public static let fanOutBatch = 16
    /// How often an idle stream gets a comment line, so a dead connection is noticed and closed.
    public static let keepAliveInterval: Duration = .seconds(15)

    /// The newest state: its JSON and its server-sent event, with the token it was built at.
    public struct Snapshot: Sendable {
        /// The store's change token when it was built (`-1` before the first build).
        public var version: Int64
        /// The station day it shows.
        public var day: String
        /// The state.
        public var state: HallState?
        /// The state as JSON.
        public var json: ByteBuffer
        /// The state as one server-sent event.
        public var event: ByteBuffer
        /// When it was published (monotonic).
        public var publishedAt: ContinuousClock.Instant
    }

    /// A live display's subscription; end it with ``HallHub/unsubscribe(_:)``.
    public struct Subscription: Sendable {
        /// Its number.
        public let id: Int
        /// A wake-up for each new state (and each keep-alive); finishes when the hub closes.
        public let wakeUps: AsyncStream<Void>
    }

    private struct Subscribers {
        var continuations: [Int: AsyncStream<Void>.Continuation] = [:]
        var nextID = 0
        var closed = false
    }

    private let store: CounterStore
    private let configuration: WebConfiguration
    private let audioPath: @Sendable (Announcement) -> [String]
    private let onNewCalls: @Sendable ([HallState.Call]) -> Void
    private let logger: Logger
    private let snapshot: NIOLockedValueBox<Snapshot>
    private let subscribers = NIOLockedValueBox(Subscribers())

    /// A hub over `store`; nothing is read until ``refresh()`` or ``run()``.
    ///
    /// - Parameters:
    ///   - audioPath: the path of a call's audio on the server.
    ///   - onNewCalls: told of calls newer than the last state's, in order (the voice synthesises them).
    public init(
        store: CounterStore,
        configuration: WebConfiguration,
        logger: Logger,
        audioPath: @escaping @Sendable (Announcement) -> [String],
        onNewCalls: @escaping @Sendable ([HallState.Call]) -> Void = { _ in }
    ) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.audioPath = audioPath
        self.onNewCalls = onNewCalls
        snapshot = NIOLockedValueBox(
            Snapshot(version: -1, day: "", state: nil, json: ByteBuffer(), event: ByteBuffer(), publishedAt: .now)
        )
    }

    /// The newest state.
    public var current: Snapshot { snapshot.withLockedValue { $0 } }

    /// How many displays are subscribed.
    public var subscriberCount: Int { subscribers.withLockedValue { $0.continuations.count } }

    /// Polls the store until the task is cancelled, publishing each change, at most one publication per
    /// ``publicationInterval``; a failed read is logged (once per run of failures) and retried at the next poll.
    public func run() async {
        var failing = false
        var lastKeepAlive = ContinuousClock.now
        var lastPublished = ContinuousClock.now - Self.publicationInterval
        while !Task.isCancelled {
            do {
                if try await refresh() { lastPublished = current.publishedAt }
                if failing { logger.notice("hall: store readable again") }
                failing = false
            } catch {
                if !failing { logger.error("hall: cannot read the store", metadata: ["error": "\(error)"]) }
                failing = true
            }
            if ContinuousClock.now - lastKeepAlive >= Self.keepAliveInterval {
                lastKeepAlive = .now
                await wakeAll()
            }
            try? await Task.sleep(until: Self.nextRead(now: .now, lastPublished: lastPublished), clock: .continuous)
        }
    }

    /// When the change token is read next: after a poll interval, and no sooner than a publication interval after
    /// the last publication (so changes coalesce, and the newest of them is published then).
    static func nextRead(now: ContinuousClock.Instant, lastPublished: ContinuousClock.Instant)
        -> ContinuousClock.Instant
    {
        max(now + pollInterval, lastPublished + publicationInterval)
    }

    /// Reads the change token and, if it moved or the day turned, rebuilds and publishes the state.
    ///
    /// - Returns: whether a new state was published.
    @discardableResult
    public func refresh() async throws -> Bool {
        let token = try await store.changeToken()
        let day = store.stationDay()
        let previous = current
        guard token != previous.version || day != previous.day else { return false }
        async let transactions = store.transactions(onDay: day)
        async let calls = store.calls(onDay: day, limit: HallState.callsShown)
        let state = HallState(
            station: configuration.stationName,
            day: day,
            version: token,
            windows: configuration.windows,
            transactions: try await transactions,
            calls: try await calls,
            template: configuration.announcementTemplate,
            english: configuration.announceInEnglish,
            audioPath: audioPath
        )
        let json = try WebJSON.encoder.encode(state)
        var event = ByteBuffer()
        event.writeString("id: \(token)\nevent: hall\ndata: ")
        event.writeBytes(json)
        event.writeString("\n\n")
        let lastSeq = previous.state?.calls.last?.seq ?? (previous.version < 0 ? Int64.max : 0)
        snapshot.withLockedValue {
            $0 = Snapshot(
                version: token,
                day: day,
                state: state,
                json: ByteBuffer(bytes: json),
                event: event,
                publishedAt: .now
            )
        }
        let fresh = state.calls.filter { $0.seq > lastSeq }
        if !fresh.isEmpty { onNewCalls(fresh) }
        await wakeAll()
        return true
    }

    /// Subscribes a display, or `nil` when ``WebConfiguration/maximumEventClients`` are already subscribed or the
    /// hub is closed.
    public func subscribe() -> Subscription? {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id: Int? = subscribers.withLockedValue { state in
            guard !state.closed, state.continuations.count < configuration.maximumEventClients else { return nil }
            state.nextID += 1
            state.continuations[state.nextID] = continuation
            return state.nextID
        }
        guard let id else { return nil }
        return Subscription(id: id, wakeUps: stream)
    }

    /// Ends a subscription.
    public func unsubscribe(_ subscription: Subscription) {
        let continuation = subscribers.withLockedValue { $0.continuations.removeValue(forKey: subscription.id) }
        continuation?.finish()
    }

    /// Ends every subscription and refuses new ones (graceful shutdown: the streams end, the server can stop).
    public func close() {
        let all = subscribers.withLockedValue { state in
            state.closed = true
            defer { state.continuations = [:] }
            return Array(state.continuations.values)
        }
        for continuation in all { continuation.finish() }
    }

    /// Wakes every subscriber, ``fanOutBatch`` at a time: between batches the fan-out yields, so the woken
    /// displays' writes go into the executor's queue behind what already waits there, a batch at a time.
    private func wakeAll() async {
        let all = subscribers.withLockedValue { Array($0.continuations.values) }
        for (index, continuation) in all.enumerated() {
            continuation.yield()
            if index % Self.fanOutBatch == Self.fanOutBatch - 1 { await Task.yield() }
        }
    }
}
