import Foundation
public import Logging
public import ServiceLifecycle

/// The daemon's control socket: newline-delimited JSON ``ControlRequest``s in, ``ControlResponse``s out.
///
/// A `Service`: ``run()`` listens (mode 0600, replacing a stale socket) until graceful shutdown, then stops
/// accepting, lets the requests in flight finish (a control tap answers after its commit), removes the socket
/// file and returns. Socket I/O runs on threads of its own (one acceptor, one per connection, at most
/// `maximumConnections`); each request is handed to `handler` on the cooperative pool and the thread waits
/// for its answer.
public final class ControlSocketServer: Service, Sendable {
    /// Answers one request.
    public typealias Handler = @Sendable (ControlRequest) async -> ControlResponse

    private let path: String
    private let maximumConnections: Int
    private let handler: Handler
    private let onShutdown: @Sendable () async -> Void
    private let logger: Logger
    private let state = LockedValue(State())

    private struct State {
        var stopping = false
        var activeConnections = 0
        var acceptorRunning = false
    }

    /// How long an idle connection stays open without a request.
    static let idleTimeoutMilliseconds = 30_000

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
        let path = self.path
        let listenerBox = try await Self.onOwnThread(name: "hukou-control-bind") {
            () throws(ControlProtocolError) -> SendableBox<UnixSocket> in SendableBox(try UnixSocket.listen(path: path))
        }
        logger.info("control socket listening", metadata: ["path": "\(path)"])
        state.withLock { $0.acceptorRunning = true }
        let thread = Thread { [self] in
            guard let listener = listenerBox.take() else {
                state.withLock { $0.acceptorRunning = false }
                return
            }
            acceptLoop(listener)
        }
        thread.name = "hukou-control-accept"
        thread.start()

        // Serve until graceful shutdown (or cancellation), then drain.
        try? await gracefulShutdown()
        state.withLock { $0.stopping = true }
        await onShutdown()
        logger.info("control socket draining")
        while state.withLock({ $0.acceptorRunning || $0.activeConnections > 0 }) {
            try? await Task.sleep(for: .milliseconds(20))
            if Task.isCancelled { break }
        }
        UnixSocket.removeSocketFile(path)
        logger.info("control socket closed")
    }

    // MARK: - Threads

    private func acceptLoop(_ listener: UnixSocket) {
        defer {
            listener.close()
            state.withLock { $0.acceptorRunning = false }
        }
        while !state.withLock({ $0.stopping }) {
            let connection: UnixSocket?
            do {
                connection = try listener.accept(timeoutMilliseconds: 100)
            } catch {
                logger.error("control socket accept failed", metadata: ["error": "\(error)"])
                Thread.sleep(forTimeInterval: 0.1)
                continue
            }
            guard let connection else { continue }
            let admitted = state.withLock { state -> Bool in
                guard !state.stopping, state.activeConnections < maximumConnections else { return false }
                state.activeConnections += 1
                return true
            }
            guard admitted else {
                let busy = ControlResponse(ControlProtocolError(.readerUnavailable, "too many control connections"))
                connection.setSendTimeout(milliseconds: 1000)
                try? connection.writeAll(Array(busy.encodedLine()) + [0x0A])
                continue
            }
            let box = SendableBox(connection)
            let worker = Thread { [self] in
                if let connection = box.take() { serve(connection) }
                state.withLock { $0.activeConnections -= 1 }
            }
            worker.name = "hukou-control-connection"
            worker.start()
        }
    }

    private func serve(_ connection: UnixSocket) {
        connection.setSendTimeout(milliseconds: 5000)
        var buffer: [UInt8] = []
        var idle = 0
        while true {
            // Answer every complete line already buffered.
            while let newline = buffer.firstIndex(of: 0x0A) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
                let response: ControlResponse
                do {
                    let request = try ControlRequest(line: line)
                    response = Self.answer(request, with: handler)
                } catch {
                    response = ControlResponse(error)
                }
                do {
                    try connection.writeAll(Array(response.encodedLine()) + [0x0A])
                } catch {
                    logger.debug("control client went away", metadata: ["error": "\(error)"])
                    return
                }
                idle = 0
            }
            guard buffer.count <= ControlRequest.maximumLineLength else {
                let error = ControlProtocolError(
                    .malformedRequest,
                    "request longer than \(ControlRequest.maximumLineLength) bytes"
                )
                try? connection.writeAll(Array(ControlResponse(error).encodedLine()) + [0x0A])
                return
            }
            if state.withLock({ $0.stopping }) || idle >= Self.idleTimeoutMilliseconds { return }
            do {
                guard try connection.waitReadable(timeoutMilliseconds: 100) else {
                    idle += 100
                    continue
                }
                let chunk = try connection.readAvailable(maximum: 16 * 1024)
                if chunk.isEmpty { return }
                buffer.append(contentsOf: chunk)
            } catch {
                return
            }
        }
    }

    // MARK: - Bridging

    /// Runs the handler on the cooperative pool and blocks this (non-pool) connection thread until it answers.
    static func answer(_ request: ControlRequest, with handler: @escaping Handler) -> ControlResponse {
        let answer = LockedValue(ControlResponse(ControlProtocolError(.timeout, "no answer from the daemon")))
        let done = DispatchSemaphore(value: 0)
        Task {
            let response = await handler(request)
            answer.withLock { $0 = response }
            done.signal()
        }
        done.wait()
        return answer.current
    }

    /// Runs blocking `body` on a thread of its own and awaits it.
    static func onOwnThread<Result: Sendable>(
        name: String,
        _ body: @escaping @Sendable () throws(ControlProtocolError) -> Result
    ) async throws(ControlProtocolError) -> Result {
        let outcome: Swift.Result<Result, ControlProtocolError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                do throws(ControlProtocolError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.name = name
            thread.start()
        }
        return try outcome.get()
    }
}
