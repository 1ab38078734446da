import Dispatch
public import NFCTag

/// A ``Reader`` whose tags are presented programmatically: the tag models answer the same commands a real
/// chip would, on the reader's own serial queue, so tests and `sim:` readers run the real protocol code.
///
/// ```swift
/// let reader = SimulatedReader(name: "sim:window1")
/// Task { try await reader.run() }
/// await reader.present(try TagModelFactory.make(kind: .ntag215, ndef: message))
/// ```
/// Faults from a ``FaultPlan`` play out as they would on hardware: a removed tag fails the exchange with
/// ``NFCTag/TransceiveError/Code/tagRemoved`` and is announced as a departure; an unplugged reader reports
/// ``ReaderStatus/unavailable(reason:retryIn:)`` and comes back ``ReaderStatus/ready(description:)`` after
/// ``recoveryDelay``, as a real backend's reopen-with-backoff would.
public final class SimulatedReader: Reader, @unchecked Sendable {
    // Invariant for @unchecked Sendable: every `var` below is read and written only on `queue`
    // (a serial queue), which is also where tag protocol code runs.

    public let name: String
    public let events: AsyncStream<ReaderEvent>
    /// The frame limits the simulated transceiver reports (a PN532 by default).
    public let limits: TransceiverLimits
    /// How long an unplugged reader stays away before it reports ready again.
    public let recoveryDelay: Duration

    private let continuation: AsyncStream<ReaderEvent>.Continuation
    private let queue: DispatchQueue
    private var current: TagEmulator?
    private var tapNumber = 0
    private var isUnplugged = false
    private var totals = ExchangeCounters()
    private var lastTap = ExchangeCounters()
    private var feedback: [ReaderFeedback] = []
    private var written: [[UInt8]] = []
    private var lastModel: (any TagModel)?
    private var pendingOnRun: [(model: any TagModel, faults: FaultPlan)]

    /// Creates a reader.
    ///
    /// - Parameters:
    ///   - name: the name for logs, e.g. `sim:window1`.
    ///   - limits: the frame limits the transceiver reports.
    ///   - recoveryDelay: how long an unplug lasts.
    ///   - presentOnRun: tags presented as soon as ``run()`` starts (one-shot `sim:` readers).
    public init(
        name: String,
        limits: TransceiverLimits = TransceiverLimits(maximumCommandLength: 252, maximumResponseLength: 252),
        recoveryDelay: Duration = .milliseconds(200),
        presentOnRun: [(model: any TagModel, faults: FaultPlan)] = []
    ) {
        self.name = name
        self.limits = limits
        self.recoveryDelay = recoveryDelay
        self.pendingOnRun = presentOnRun
        self.queue = DispatchQueue(label: "hukou.reader.\(name)")
        (events, continuation) = AsyncStream.makeStream(
            of: ReaderEvent.self,
            bufferingPolicy: .bufferingNewest(ReaderEvent.bufferLimit)
        )
    }

    /// Reports the reader ready, presents the `presentOnRun` tags, then waits until cancelled; finishes ``events``.
    public func run() async throws {
        await onQueue { [self] in
            continuation.yield(.readerStatus(.ready(description: "simulated reader \(name)")))
            for (model, faults) in pendingOnRun { presentOnQueue(model, faults: faults) }
            pendingOnRun = []
        }
        defer { continuation.finish() }
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
    }

    /// A tag enters the field (a tag already there leaves first). Ignored while the reader is unplugged.
    public func present(_ model: any TagModel, faults: FaultPlan = .none) async {
        await onQueue { [self] in presentOnQueue(model, faults: faults) }
    }

    /// The tag in the field leaves it.
    ///
    /// A read already running on the reader's queue finishes first; to lose the tag in the middle of a read,
    /// present it with ``FaultPlan/removeAfter``.
    public func remove() async {
        await onQueue { [self] in departOnQueue() }
    }

    /// The reader is pulled out: the tag (if any) is gone, status becomes unavailable, and after
    /// ``recoveryDelay`` the reader is back and ready.
    public func unplug() async {
        await onQueue { [self] in unplugOnQueue(reason: "USB device removed") }
    }

    /// Counters of all taps so far.
    public var totalCounters: ExchangeCounters {
        get async { await onQueue { [self] in totals } }
    }

    /// Counters of the current (or last) tap.
    public var lastTapCounters: ExchangeCounters {
        get async { await onQueue { [self] in lastTap } }
    }

    /// The NDEF messages written completely to tags in this reader's field, oldest first (the last
    /// ``writtenHistoryLimit``).
    public var writtenNDEFMessages: [[UInt8]] {
        get async { await onQueue { [self] in written } }
    }

    /// The model of the tag in the field, or of the last one that left, as the reader's commands left it.
    public var lastTagModel: (any TagModel)? {
        get async { await onQueue { [self] in current?.model ?? lastModel } }
    }

    /// How many written messages ``writtenNDEFMessages`` keeps.
    public static let writtenHistoryLimit = 64

    /// The feedback signalled so far, oldest first.
    public var signalledFeedback: [ReaderFeedback] {
        get async { await onQueue { [self] in feedback } }
    }

    // MARK: - On the queue

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }

    private func presentOnQueue(_ model: any TagModel, faults: FaultPlan) {
        guard !isUnplugged else { return }
        departOnQueue()
        tapNumber += 1
        let emulator = TagEmulator(model, faults: faults)
        current = emulator
        lastTap = ExchangeCounters()
        continuation.yield(.tagArrived(SimulatedTagSession(reader: self, tap: tapNumber, target: emulator.target)))
    }

    private func departOnQueue() {
        guard var emulator = current else { return }
        current = nil
        lastModel = emulator.model
        emulator.remove()
        continuation.yield(.tagDeparted(uid: emulator.target.uid))
    }

    private func unplugOnQueue(reason: String) {
        guard !isUnplugged else { return }
        departOnQueue()
        isUnplugged = true
        continuation.yield(.readerStatus(.unavailable(reason: reason, retryIn: recoveryDelay)))
        let delay = recoveryDelay.components
        let nanoseconds = Int(delay.seconds) * 1_000_000_000 + Int(delay.attoseconds / 1_000_000_000)
        queue.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [self] in
            isUnplugged = false
            continuation.yield(.readerStatus(.ready(description: "simulated reader \(name) (replugged)")))
        }
    }

    /// One exchange for tap `tap`; runs on the queue.
    func exchange(_ command: [UInt8], tap: Int) throws(TransceiveError) -> [UInt8] {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !isUnplugged else { throw TransceiveError(.readerUnavailable, "the reader is unplugged") }
        guard tap == tapNumber, var emulator = current else {
            throw TransceiveError(.tagRemoved, "the tag has left the field")
        }
        let before = emulator.counters
        let writesBefore = emulator.writtenMessages.count
        let outcome = emulator.exchange(command)
        written += emulator.writtenMessages.dropFirst(writesBefore)
        if written.count > Self.writtenHistoryLimit { written.removeFirst(written.count - Self.writtenHistoryLimit) }
        let delta = ExchangeCounters(
            commands: emulator.counters.commands - before.commands,
            bytesSent: emulator.counters.bytesSent - before.bytesSent,
            bytesReceived: emulator.counters.bytesReceived - before.bytesReceived
        )
        totals = totals + delta
        lastTap = emulator.counters
        current = emulator
        switch outcome {
        case .response(let bytes), .corrupted(let bytes):
            return bytes
        case .noResponse:
            throw TransceiveError(.timeout, "no answer from the tag")
        case .tagRemoved:
            departOnQueue()
            throw TransceiveError(.tagRemoved, "the tag has left the field")
        case .readerUnplugged:
            unplugOnQueue(reason: "USB device removed during an exchange")
            throw TransceiveError(.readerUnavailable, "the reader was unplugged")
        }
    }

    /// Re-selects the tag of tap `tap`; runs on the queue.
    func reselect(tap: Int) throws(TransceiveError) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !isUnplugged else { throw TransceiveError(.readerUnavailable, "the reader is unplugged") }
        guard tap == tapNumber, var emulator = current, emulator.isPresent else {
            throw TransceiveError(.tagRemoved, "the tag has left the field")
        }
        emulator.reselect()
        current = emulator
    }

    /// Runs protocol code for tap `tap` on the queue.
    func perform<Result: Sendable>(
        tap: Int,
        _ body: @escaping @Sendable (any Transceiver) throws -> Result
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in
                guard !isUnplugged else {
                    continuation.resume(throwing: TransceiveError(.readerUnavailable, "the reader is unplugged"))
                    return
                }
                guard tap == tapNumber, current != nil else {
                    continuation.resume(throwing: TransceiveError(.tagRemoved, "the tag has left the field"))
                    return
                }
                let transceiver = SimulatedTransceiver(reader: self, tap: tap)
                continuation.resume(with: Swift.Result { try body(transceiver) })
            }
        }
    }

    func record(_ signal: ReaderFeedback) async {
        await onQueue { [self] in feedback.append(signal) }
    }
}
