import NFCReader
import NFCTag

/// The poll loop behind ``PCSCReader``: owns the PC/SC context, the reader choice and the card connection of the
/// tag in the field, all on one ``PCSCThread``.
final class PCSCReaderEngine: @unchecked Sendable {
    // Invariant: `loop` state (context, states, session) is touched only on `thread`, inside `main()` and the jobs
    // it runs; `thread` synchronises everything that crosses threads (jobs, stop, the SCardCancel hook);
    // `continuation` is Sendable.
    let configuration: PCSCReader.Configuration
    let continuation: AsyncStream<ReaderEvent>.Continuation
    let thread: PCSCThread
    var loop = LoopState()

    /// State of the poll loop, confined to the reader's thread.
    struct LoopState {
        var context: PCSCCalls.Context?
        var readerName: String?
        var readerState = PCSCReaderState(rawValue: 0)
        var plugAndPlayState: UInt32 = 0
        /// Which insertion is being read, and which were handled.
        var tracker = PCSCCardTracker()
        var session: ActiveSession?
        var nextSessionID = 1
        var lastStatus: ReaderStatus?
        var retryDelay: Duration = .zero
    }

    /// The tag in the field and its connection.
    struct ActiveSession {
        let id: Int
        let handle: PCSCCalls.CardHandle
        let target: DetectedTarget
        let card: PCSCCardTransceiver
        let transceiver: any Transceiver
    }

    init(configuration: PCSCReader.Configuration, continuation: AsyncStream<ReaderEvent>.Continuation) {
        self.configuration = configuration
        self.continuation = continuation
        self.thread = PCSCThread(name: "pcsc-reader")
    }

    /// Starts the thread; `finished` runs on it after the loop ended and ``events`` finished. A second call
    /// starts nothing and calls `finished` at once: one reader owns its thread and its event stream once.
    func start(finished: @escaping @Sendable () -> Void) {
        let started = thread.start { [self] in
            main()
            finished()
        }
        if !started { finished() }
    }

    /// Ends the loop from any thread: the pending wait is cancelled through `SCardCancel`.
    func stop() {
        thread.stop()
    }

    // MARK: - The loop (reader thread only)

    private func main() {
        loop.retryDelay = configuration.initialRetryDelay
        while !thread.isStopping {
            thread.runPendingJobs()
            do {
                let context = try establishedContext()
                try pollOnce(context)
                loop.retryDelay = configuration.initialRetryDelay
            } catch {
                recover(from: error)
            }
        }
        endSession()
        releaseContext()
        thread.drain()
        continuation.finish()
    }

    private func establishedContext() throws(PCSCError) -> PCSCCalls.Context {
        if let context = loop.context { return context }
        let context = try PCSCCalls.establishContext()
        loop.context = context
        loop.readerName = nil
        loop.readerState = PCSCReaderState(rawValue: 0)
        loop.plugAndPlayState = 0
        loop.tracker.reset()
        return context
    }

    private func releaseContext() {
        if let context = loop.context { PCSCCalls.releaseContext(context) }
        loop.context = nil
        loop.readerName = nil
    }

    /// One wait for a change on the reader (or on the reader list), and the reaction to it.
    private func pollOnce(_ context: PCSCCalls.Context) throws(PCSCError) {
        if loop.readerName == nil {
            guard let reader = try chooseReader(context) else {
                let wanted = configuration.readerName.map { "reader '\($0)' is not connected" } ?? "no PC/SC reader"
                report(.unavailable(reason: wanted, retryIn: configuration.pollInterval))
                try waitForReaderListChange(context)
                return
            }
            loop.readerName = reader
            loop.readerState = PCSCReaderState(rawValue: 0)
            loop.tracker.reset()
            report(.ready(description: "pcsc:\(reader)"))
        }
        guard let reader = loop.readerName else { return }
        var entries = [
            PCSCCalls.ReaderStateEntry(reader: PCSCCalls.plugAndPlayReaderName, currentState: loop.plugAndPlayState),
            PCSCCalls.ReaderStateEntry(reader: reader, currentState: loop.readerState.asCurrentState),
        ]
        guard try wait(context, &entries) else { return }
        let plugAndPlay = PCSCReaderState(rawValue: entries[0].eventState)
        loop.plugAndPlayState = plugAndPlay.asCurrentState
        let state = PCSCReaderState(rawValue: entries[1].eventState)
        loop.readerState = state
        for action in loop.tracker.stateChanged(state) {
            switch action {
            case .endSession:
                endSession()
            case .forgetReader:
                loop.readerName = nil
            case .beginSession(let eventCount):
                if try beginSession(context, reader: reader, atr: entries[1].atr) {
                    loop.tracker.sessionBegan(eventCount: eventCount)
                } else if loop.tracker.connectFailed(eventCount: eventCount) {
                    // Ask for the state again at once after a short pause, instead of waiting for a change.
                    loop.readerState = PCSCReaderState(rawValue: 0)
                    thread.sleep(for: .milliseconds(50))
                }
            }
        }
    }

    /// The configured reader if pcscd lists it, else the first reader; nil when there is none.
    private func chooseReader(_ context: PCSCCalls.Context) throws(PCSCError) -> String? {
        let readers = try PCSCCalls.listReaders(context)
        guard let wanted = configuration.readerName else { return readers.first }
        return readers.first { $0 == wanted } ?? readers.first { $0.hasPrefix(wanted) }
    }

    private func waitForReaderListChange(_ context: PCSCCalls.Context) throws(PCSCError) {
        var entries = [
            PCSCCalls.ReaderStateEntry(reader: PCSCCalls.plugAndPlayReaderName, currentState: loop.plugAndPlayState)
        ]
        if try wait(context, &entries) {
            loop.plugAndPlayState = PCSCReaderState(rawValue: entries[0].eventState).asCurrentState
        }
    }

    /// Waits in `SCardGetStatusChange` until a change, a new job, ``stop()`` or the poll interval; true on a change.
    private func wait(
        _ context: PCSCCalls.Context,
        _ entries: inout [PCSCCalls.ReaderStateEntry]
    ) throws(PCSCError) -> Bool {
        let interval = configuration.pollInterval.components
        let milliseconds = UInt32(clamping: interval.seconds * 1000 + interval.attoseconds / 1_000_000_000_000_000)
        var copy = entries
        let result: Result<Void, PCSCError>? = thread.interruptibly(wake: { PCSCCalls.cancel(context) }) {
            Result { () throws(PCSCError) in
                try PCSCCalls.getStatusChange(context, &copy, timeoutMilliseconds: milliseconds)
            }
        }
        switch result {
        case nil:
            return false
        case .success:
            entries = copy
            return true
        case .failure(let error) where error.code == .timeout || error.code == .cancelled:
            return false
        case .failure(let error) where error.code == .unknownReader || error.code == .readerUnavailable:
            endSession()
            loop.readerName = nil
            return false
        case .failure(let error):
            throw error
        }
    }

    /// Called after a failed round: a lost pcscd means a new context after a pause; anything else is retried.
    private func recover(from error: any Error) {
        let delay = loop.retryDelay
        if let error = error as? PCSCError, error.meansServiceLost || error.code == .noReadersAvailable {
            endSession()
            releaseContext()
            report(.unavailable(reason: "pcscd: \(error.message)", retryIn: delay))
        } else {
            endSession()
            report(.unavailable(reason: "\(error)", retryIn: delay))
            loop.readerName = nil
        }
        thread.sleep(for: delay)
        loop.retryDelay = min(delay * 2, configuration.maximumRetryDelay)
    }

    /// Emits a status event when it differs from the last one.
    private func report(_ status: ReaderStatus) {
        guard status != loop.lastStatus else { return }
        loop.lastStatus = status
        continuation.yield(.readerStatus(status))
    }
}
