import Logging
public import NFCReader
public import ServiceLifecycle

/// Keeps one reader running for its window and feeds its taps, one at a time, through the pipeline.
///
/// A `Service`. When the reader fails (or cannot be opened) the supervisor restarts it after a delay that
/// doubles with each failure in a row, up to a maximum. On graceful shutdown it lets the tap in flight finish
/// (its commit and acknowledgement), then stops the reader and returns.
public final class ReaderSupervisor: Service, Sendable {
    /// Handles one tag: read, verify, store, signal; returns the committed outcome or the failure.
    public typealias TapHandler =
        @Sendable (any TagSession, ReaderBinding) async -> Result<TapOutcome, ControlProtocolError>

    /// The reader and its window.
    public let binding: ReaderBinding
    private let makeReader: @Sendable (ReaderBinding) throws -> any Reader
    private let handleTap: TapHandler
    private let router: SimulatedTapRouter
    private let board: ReaderStatusBoard
    private let initialDelay: Duration
    private let maximumDelay: Duration
    private let logger: Logger

    /// A run of the reader that lasted this long resets the restart delay.
    static let healthyRunDuration: Duration = .seconds(60)

    init(
        binding: ReaderBinding,
        makeReader: @escaping @Sendable (ReaderBinding) throws -> any Reader,
        handleTap: @escaping TapHandler,
        router: SimulatedTapRouter,
        board: ReaderStatusBoard,
        initialDelay: Duration,
        maximumDelay: Duration,
        logger: Logger
    ) {
        self.binding = binding
        self.makeReader = makeReader
        self.handleTap = handleTap
        self.router = router
        self.board = board
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        var logger = logger
        logger[metadataKey: "reader"] = "\(binding.spec)"
        logger[metadataKey: "window"] = "\(binding.window)"
        self.logger = logger
    }

    private enum Input: Sendable {
        case event(ReaderEvent)
        /// Wakes the consumer to look at the run's end, which is kept apart so a flood cannot push it out.
        case ended
    }

    private enum RunEnd: Sendable {
        case shutdown
        case failed(String)
    }

    public func run() async throws {
        var delay = initialDelay
        while !Task.isCancelled {
            let started = ContinuousClock.now
            let end: RunEnd
            do {
                let reader = try makeReader(binding)
                board.update(binding.spec, state: "starting", detail: nil)
                await router.attach(reader as? any TagPresenting, for: binding)
                end = await runOnce(reader)
                await router.attach(nil, for: binding)
            } catch {
                end = .failed("cannot open the reader: \(error)")
            }
            switch end {
            case .shutdown:
                board.update(binding.spec, state: "stopped", detail: nil)
                logger.info("reader stopped")
                return
            case .failed(let reason):
                if ContinuousClock.now - started >= Self.healthyRunDuration { delay = initialDelay }
                board.update(binding.spec, state: "restarting", detail: reason, restarted: true)
                logger.error("reader failed; restarting", metadata: ["error": "\(reason)", "delay": "\(delay)"])
                do {
                    let wait = delay
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
                } catch {
                    board.update(binding.spec, state: "stopped", detail: reason)
                    return
                }
                if Task.isShuttingDownGracefully {
                    board.update(binding.spec, state: "stopped", detail: reason)
                    return
                }
                delay = min(delay * 2, maximumDelay)
            }
        }
    }

    /// Runs one reader instance until it fails or graceful shutdown; taps are handled in arrival order.
    ///
    /// The relay from the reader holds at most ``NFCReader/ReaderEvent/bufferLimit`` events, like the reader
    /// itself. How the run ends is not queued behind them: it is set aside in `end` and the consumer looks at
    /// it before each event, so a flood can neither grow memory nor delay a shutdown.
    private func runOnce(_ reader: any Reader) async -> RunEnd {
        let (inputs, continuation) = AsyncStream.makeStream(
            of: Input.self,
            bufferingPolicy: .bufferingNewest(ReaderEvent.bufferLimit)
        )
        let end = LockedValue<RunEnd?>(nil)
        @Sendable func finish(_ value: RunEnd) {
            end.withLock { if $0 == nil { $0 = value } }
            continuation.yield(.ended)
        }
        return await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await reader.run()
                    finish(.failed("the reader stopped by itself"))
                } catch {
                    finish(.failed("\(error)"))
                }
            }
            group.addTask {
                for await event in reader.events { continuation.yield(.event(event)) }
            }
            let result = await withGracefulShutdownHandler {
                await consume(inputs, end: end)
            } onGracefulShutdown: {
                finish(.shutdown)
            }
            group.cancelAll()
            continuation.finish()
            return result
        }
    }

    private func consume(_ inputs: AsyncStream<Input>, end: LockedValue<RunEnd?>) async -> RunEnd {
        for await input in inputs {
            if let reason = end.current { return reason }
            switch input {
            case .event(.tagArrived(let session)):
                let result = await handleTap(session, binding)
                await router.deliver(result, for: binding)
            case .event(.tagDeparted):
                continue
            case .event(.readerStatus(.ready(let description))):
                board.update(binding.spec, state: "ready", detail: description)
                logger.info("reader ready", metadata: ["device": "\(description)"])
            case .event(.readerStatus(.unavailable(let reason, let retryIn))):
                board.update(binding.spec, state: "unavailable", detail: reason)
                logger.warning("reader unavailable", metadata: ["reason": "\(reason)", "retry_in": "\(retryIn)"])
            case .ended:
                continue  // not reached: `end` is set before `.ended` is yielded
            }
        }
        return end.current ?? .shutdown
    }
}
