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
/// time, in order.
public final class ControlSocketServer: Service, Sendable {
    /// Answers one request.
    public typealias Handler = @Sendable (ControlRequest) async -> ControlResponse

    typealias Connection = NIOAsyncChannel<ControlLineDecoder.Frame, ByteBuffer>

    private let path: String
    private let maximumConnections: Int
    private let handler: Handler
    private let onShutdown: @Sendable () async -> Void
    private let logger: Logger
    private let state = LockedValue(State())

    private struct State {
        var stopping = false
        var nextID = 0
        /// The open connections, and whether each is answering a request right now.
        var connections: [Int: (channel: any Channel, busy: Bool)] = [:]
    }

    /// How long an idle connection stays open without a request.
    static let idleTimeout = TimeAmount.seconds(30)

    /// Creates the server; nothing happens until ``run()``.
    ///
    /// - Parameters:
    ///   - onShutdown: called once graceful shutdown begins, before the requests in flight are drained.
    public init(
        path: String,
        maximumConnections: Int,
        logger: Logger,
        handler: @escaping Handler,
        onShutdown: @escaping @Sendable () async -> Void = {}
    ) {
        self.path = path
        self.maximumConnections = maximumConnections
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
                        guard let id = admit(connection.channel) else {
                            group.addTask { await Self.refuse(connection) }
                            continue
                        }
                        group.addTask { [self] in await serve(connection, id: id) }
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
                            return try Connection(wrappingChannelSynchronously: channel)
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

    /// Registers a new connection; `nil` when the server is full or stopping.
    private func admit(_ channel: any Channel) -> Int? {
        state.withLock { state -> Int? in
            guard !state.stopping, state.connections.count < maximumConnections else { return nil }
            state.nextID += 1
            state.connections[state.nextID] = (channel, false)
            return state.nextID
        }
    }

    /// Marks connection `id` busy or idle; `false` when the server is stopping (the connection should end).
    private func mark(_ id: Int, busy: Bool) -> Bool {
        state.withLock { state -> Bool in
            state.connections[id]?.busy = busy
            return !state.stopping
        }
    }

    // MARK: - Connections

    private static func refuse(_ connection: Connection) async {
        let busy = ControlResponse(ControlProtocolError(.readerUnavailable, "too many control connections"))
        try? await connection.executeThenClose { _, outbound in
            try await outbound.write(Self.encode(busy))
        }
    }

    private func serve(_ connection: Connection, id: Int) async {
        let channel = connection.channel
        defer { _ = state.withLock { $0.connections.removeValue(forKey: id) } }
        do {
            try await connection.executeThenClose { inbound, outbound in
                var idleTimer = channel.eventLoop.scheduleTask(in: Self.idleTimeout) { channel.close(promise: nil) }
                defer { idleTimer.cancel() }
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
                                response = await handler(request)
                            } catch {
                                response = ControlResponse(error)
                            }
                            try await outbound.write(Self.encode(response))
                        }
                    }
                    guard mark(id, busy: false) else { return }
                    idleTimer = channel.eventLoop.scheduleTask(in: Self.idleTimeout) { channel.close(promise: nil) }
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
