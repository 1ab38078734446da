import Foundation
public import NFCReader

/// A ``Reader`` for a USB or serial NFC reader driven by libnfc (PN532, PN533, ACR122U through `acr122_usb`, ...).
///
/// One dedicated thread owns the libnfc context and device for the whole of ``run()``: it polls for ISO 14443A
/// tags (the chip's own polling where it has it), runs ``TagSession/perform(_:)`` bodies, checks presence every
/// ``Configuration/presenceCheckInterval`` to report departures, and re-opens the device with backoff when it is
/// unplugged or wedges. Cancelling the task running ``run()`` aborts a poll or presence check in progress
/// (`nfc_abort_command`), lets a ``TagSession/perform(_:)`` body already running finish, and fails the ones still
/// queued with ``NFCTag/TransceiveError/Code/cancelled``.
public final class LibNFCReader: Reader {
    /// Timing of polling, presence checks and recovery.
    public struct Configuration: Sendable, Hashable {
        /// Polling rounds per blocking poll call (each `pollPeriod` × 150 ms); bounds how long shutdown waits.
        public var pollRounds: UInt8 = 2
        /// The poll period in units of 150 ms (1...15).
        public var pollPeriod: UInt8 = 2
        /// How long a tag may stay idle before its presence is checked.
        public var presenceCheckInterval: Duration = .milliseconds(150)
        /// The first delay before re-opening a failed device; doubled on each failure.
        public var initialBackoff: Duration = .milliseconds(250)
        /// The longest delay between attempts to re-open.
        public var maximumBackoff: Duration = .seconds(5)
        /// How long a call may run beyond its expected time before the device is considered wedged and aborted.
        public var wedgeAllowance: Duration = .seconds(3)
        /// How long ``run()`` waits, once cancelled, for a libnfc call that ignores the abort.
        public var shutdownGrace: Duration = .seconds(2)

        /// The defaults: a 600 ms poll window, presence every 150 ms, backoff from 250 ms to 5 s.
        public init() {}
    }

    public let name: String
    public let events: AsyncStream<ReaderEvent>
    private let continuation: AsyncStream<ReaderEvent>.Continuation
    private let connstring: String?
    private let configuration: Configuration
    private let started = NSLock()
    // Invariant: written once, under `started`, by the first call of `run()`.
    nonisolated(unsafe) private var hasRun = false

    /// Creates a reader for the device at `connstring` (e.g. `pn532_uart:/dev/ttyUSB0`), or for the first device
    /// libnfc finds when `nil`. Nothing is opened until ``run()``.
    public init(connstring: String? = nil, configuration: Configuration = Configuration()) {
        self.connstring = connstring
        self.configuration = configuration
        name = connstring.map { "libnfc:\($0)" } ?? "libnfc"
        (events, continuation) = AsyncStream.makeStream(
            of: ReaderEvent.self,
            bufferingPolicy: .bufferingNewest(ReaderEvent.bufferLimit)
        )
    }

    /// Owns the device until cancelled; ``events`` finishes when this returns.
    ///
    /// - Throws: ``LibNFCError`` when called a second time (the event stream has one life).
    public func run() async throws {
        let first = started.withLock {
            defer { hasRun = true }
            return !hasRun
        }
        guard first else {
            throw LibNFCError(code: LibNFCError.invalidArgument, function: "run", message: "\(name) already ran")
        }
        let queue = LibNFCJobQueue()
        let abortHandle = LibNFCAbortHandle()
        let (connstring, configuration, continuation) = (self.connstring, self.configuration, self.continuation)
        let shutdownGrace = LibNFCEngine.seconds(configuration.shutdownGrace)
        await withTaskCancellationHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                let completion = Completion(done)
                LibNFCThread.start(name: "hukou \(name)") {
                    let engine = LibNFCEngine(
                        connstring: connstring,
                        configuration: configuration,
                        queue: queue,
                        abortHandle: abortHandle,
                        continuation: continuation
                    )
                    engine.run()
                    completion.resume()
                }
                queue.onStop {
                    // libnfc cannot abort every wait (pn532_uart waits for the ACK of InAutoPoll without a timeout
                    // or an abort check), so a silent chip could hold the thread forever. Shutdown does not wait for
                    // it beyond the grace period; the thread is left to end if the call ever returns.
                    DispatchQueue.global().asyncAfter(deadline: .now() + shutdownGrace) { completion.resume() }
                }
            }
        } onCancel: {
            for job in queue.stop() { job(nil) }
            abortHandle.abort()
        }
        continuation.finish()
    }
}

/// Resumes a continuation exactly once, from whichever thread gets there first.
private final class Completion: @unchecked Sendable {
    // Invariant: `continuation` is read and cleared only while `lock` is held.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?

    init(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation = continuation
    }

    func resume() {
        let pending = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        pending?.resume()
    }
}
