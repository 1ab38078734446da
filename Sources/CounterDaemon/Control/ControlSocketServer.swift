import Foundation
public import Logging
import NIOCore
import NIOPosix
public import ServiceLifecycle

/// The daemon's control socket: newline-delimited JSON ``ControlRequest``s in, ``ControlResponse``s out.
///
/// A `Service`: ``run()`` listens (mode 0600, replacing a stale socket, refusing one a live daemon answers on)
/// until graceful shutdown, then stops accepting, lets the requests in flight finish (a control tap answers after
/// its commit), closes the idle connections, removes the socket file and returns. The socket runs on SwiftNIO's
/// event loops; each connection is served by a task of its own (at most `maximumConnections`), one request at a
/// time, in order. A connection lives at most `connectionLifetime` (finishing the request it is answering), so a
/// client that trickles requests cannot hold a slot for ever; one more slot is kept for a single `status` request,
/// so `hukou daemon --status` answers even when every other slot is taken.
public final class ControlSocketServer: Service, Sendable {
    /// Answers one request.
    public typealias Handler = @Sendable (ControlRequest) async -> ControlResponse

    typealias Connection = NIOAsyncChannel<ControlLineDecoder.Frame, ByteBuffer>

    private let path: String
    private let maximumConnections: Int
    private let connectionLifetime: TimeAmount
    private let handler: Handler
    private let onShutdown: @Sendable () async -> Void
    private let logger: Logger
    private let state = LockedValue(State())

    private struct State {
        var stopping = false
        var nextID = 0
        /// The open connections, and whether each is answering a request right now.
        var connections: [Int: (channel: any Channel, busy: Bool)] = [:]
        /// The connections whose lifetime ended while they were answering: they close after that answer.
        var expired: Set<Int> = []
        /// Whether the extra slot for one `status` request is in use.
        var statusSlotTaken = false
    }

    /// How a new connection is admitted.
    private enum Admission {
        /// One of the `maximumConnections` slots.
        case regular(Int)
        /// The extra slot: one `status` request, then the connection closes.
        case statusOnly(Int)
    }

    /// How long an idle connection stays open without a request.
    static let idleTimeout = TimeAmount.seconds(30)
    /// How long the status slot waits for its request.
    static let statusSlotIdleTimeout = TimeAmount.seconds(2)
    /// The default of the longest time a connection stays open, however busy.
    public static let defaultConnectionLifetime = Duration.seconds(60)

    /// Creates the server; nothing happens until ``run()``.
    ///
    /// - Parameters:
    ///   - connectionLifetime: how long a connection may stay open; it is closed after the answer in progress.
    ///   - onShutdown: called once graceful shutdown begins, before the requests in flight are drained.
    public init(
        path: String,
        maximumConnections: Int,
        connectionLifetime: Duration = ControlSocketServer.defaultConnectionLifetime,
        logger: Logger,
        handler: @escaping Handler,
        onShutdown: @escaping @Sendable () async -> Void = {}
    ) {
        self.path = path
        self.maximumConnections = maximumConnections
        let (seconds, attoseconds) = connectionLifetime.components
        self.connectionLifetime = .nanoseconds(
            min(max(seconds, 0), 86_400) * 1_000_000_000 + attoseconds / 1_000_000_000
        )
        self.logger = logger
        self.handler = handler
        self.onShutdown = onShutdown
    }

    public func run() async throws {
        let listener = try await listen()
        logger.info("control socket listening", metadata: ["path": "\(path)"])
        defer {
            ControlSocketFile.remove(path)
            logger.info("control socket closed")
        }
        let serverChannel = listener.channel
        let failure = await withDiscardingTaskGroup(returning: String?.self) { group in
            // Graceful shutdown (or cancellation): stop accepting, close idle connections, tell the daemon.
            group.addTask { [self] in
                try? await gracefulShutdown()
                stop(serverChannel)
                await onShutdown()
                logger.info("control socket draining")
            }
            do {
                try await listener.executeThenClose { inbound in
                    for try await connection in inbound {
                        switch admit(connection.channel) {
                        case nil: group.addTask { await Self.refuse(connection) }
                        case .regular(let id): group.addTask { [self] in await serve(connection, id: id) }
                        case .statusOnly(let id):
                            group.addTask { [self] in await serve(connection, id: id, statusOnly: true) }
                        }
                    }
                }
            } catch {
                logger.error("control socket accept failed", metadata: ["error": "\(error)"])
            }
            // Leaving the group waits for the connections to finish their requests.
            guard state.withLock({ $0.stopping }) else {
                // The listener ended on its own: end the shutdown watcher too, and report it as a failure.
                stop(serverChannel)
                group.cancelAll()
                return "the control socket stopped accepting connections"
            }
            return nil
        }
        if let failure { throw ControlProtocolError(.connectionFailed, "\(path): \(failure)") }
    }

    // MARK: - Listening

    private func listen() async throws(ControlProtocolError) -> NIOAsyncChannel<Connection, Never> {
        let path = self.path
        try await ControlSocketFile.claim(path)
        let listener: NIOAsyncChannel<Connection, Never>
        do {
            // Created under umask 0177, so mode 0600 from the start; the chmod below only asserts it.
            listener = try await ControlSocketFile.withOwnerOnlyMask {
                try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .serverChannelOption(.backlog, value: 16)
                    .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                ByteToMessageHandler(
                                    ControlLineDecoder(maximumLength: ControlRequest.maximumLineLength)
                                )
                            )
                            // Deinit-based teardown on purpose: a connection accepted in the same instant the
                            // listener closes reaches no one (the listener's stream has already finished), and must
                            // then be closed when dropped rather than trap in NIO's "deinited without finish()"
                            // check. Every connection that is delivered is served inside `executeThenClose`.
                            return try Connection(synchronouslyWrapping: channel)
                        }
                    }
            }
        } catch {
            throw ControlProtocolError(.connectionFailed, "bind \(path): \(ControlSocketFile.describe(error))")
        }
        do {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        } catch {
            try? await listener.channel.close()
            ControlSocketFile.remove(path)
            throw ControlProtocolError(.connectionFailed, "chmod \(path): \(error)")
        }
        return listener
    }

    /// Marks the server stopping, closes the listener and every connection not answering a request.
    private func stop(_ listener: any Channel) {
        let idle = state.withLock { state -> [any Channel] in
            state.stopping = true
            return state.connections.values.filter { !$0.busy }.map(\.channel)
        }
        listener.close(promise: nil)
        for channel in idle { channel.close(promise: nil) }
    }

    /// Registers a new connection in a regular slot, else in the status slot; `nil` when the server is full or
    /// stopping.
    private func admit(_ channel: any Channel) -> Admission? {
        state.withLock { state -> Admission? in
            guard !state.stopping else { return nil }
            let regular = state.connections.count - (state.statusSlotTaken ? 1 : 0)
            let admission: Admission
            if regular < maximumConnections {
                admission = .regular(state.nextID + 1)
            } else if !state.statusSlotTaken {
                state.statusSlotTaken = true
                admission = .statusOnly(state.nextID + 1)
            } else {
                return nil
            }
            state.nextID += 1
            state.connections[state.nextID] = (channel, false)
            return admission
        }
    }

    /// Marks connection `id` busy or idle; `false` when the connection should end (the server is stopping, or
    /// the connection's lifetime is over).
    private func mark(_ id: Int, busy: Bool) -> Bool {
        state.withLock { state -> Bool in
            state.connections[id]?.busy = busy
            return !state.stopping && !state.expired.contains(id)
        }
    }

    /// Ends connection `id`'s lifetime: closed now if idle, else after the answer it is working on.
    private func expire(_ id: Int, _ channel: any Channel) {
        let idle = state.withLock { state -> Bool in
            state.expired.insert(id)
            return state.connections[id]?.busy == false
        }
        if idle { channel.close(promise: nil) }
    }

    private func release(_ id: Int, statusOnly: Bool) {
        state.withLock { state in
            state.connections.removeValue(forKey: id)
            state.expired.remove(id)
            if statusOnly { state.statusSlotTaken = false }
        }
    }

    // MARK: - Connections

    private static func refuse(_ connection: Connection) async {
        let busy = ControlResponse(ControlProtocolError(.readerUnavailable, "too many control connections"))
        try? await connection.executeThenClose { _, outbound in
            try await outbound.write(Self.encode(busy))
        }
    }

    private func serve(_ connection: Connection, id: Int, statusOnly: Bool = false) async {
        let channel = connection.channel
        defer { release(id, statusOnly: statusOnly) }
        do {
            try await connection.executeThenClose { inbound, outbound in
                // The status slot waits only briefly for its one request, so an idle client cannot hold it either.
                let idleTimeout = statusOnly ? Self.statusSlotIdleTimeout : Self.idleTimeout
                var idleTimer = channel.eventLoop.scheduleTask(in: idleTimeout) { channel.close(promise: nil) }
                let lifetimeTimer = channel.eventLoop.scheduleTask(in: connectionLifetime) { [self] in
                    expire(id, channel)
                }
                defer {
                    idleTimer.cancel()
                    lifetimeTimer.cancel()
                }
                for try await frame in inbound {
                    idleTimer.cancel()
                    // A request that arrived is answered even when shutdown has begun (the handler then says so).
                    _ = mark(id, busy: true)
                    switch frame {
                    case .tooLong:
                        let error = ControlProtocolError(
                            .malformedRequest,
                            "request longer than \(ControlRequest.maximumLineLength) bytes"
                        )
                        try await outbound.write(Self.encode(ControlResponse(error)))
                        return
                    case .line(let line):
                        let bytes = Array(line.readableBytesView)
                        if !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
                            let response: ControlResponse
                            do throws(ControlProtocolError) {
                                let request = try ControlRequest(line: bytes)
                                if statusOnly, request != .status {
                                    throw ControlProtocolError(.readerUnavailable, "too many control connections")
                                }
                                response = await handler(request)
                            } catch {
                                response = ControlResponse(error)
                            }
                            try await outbound.write(Self.encode(response))
                            if statusOnly { return }
                        }
                    }
                    guard mark(id, busy: false) else { return }
                    idleTimer = channel.eventLoop.scheduleTask(in: idleTimeout) { channel.close(promise: nil) }
                }
            }
        } catch {
            logger.debug("control client went away", metadata: ["error": "\(error)"])
        }
    }

    static func encode(_ response: ControlResponse) -> ByteBuffer {
        var buffer = ByteBuffer(bytes: response.encodedLine())
        buffer.writeInteger(UInt8(0x0A))
        return buffer
    }
}
