import Foundation
import NFCReader
import NFCTag

/// The loop that owns one libnfc device on the reader's thread: open, poll, serve sessions, watch for departure,
/// and re-open with backoff when the device goes away or wedges.
///
/// Everything here runs on the one ``LibNFCThread``; other threads reach it only through ``LibNFCJobQueue`` and
/// ``LibNFCAbortHandle``.
final class LibNFCEngine {
    private struct Session {
        var id: UInt64
        var selected: LibNFCSelectedTarget
    }

    /// Poll errors that mean "try again": RF trouble or a tag leaving during activation.
    private static let transientPollErrors: Set<Int32> = [
        LibNFCError.rfTransmission, LibNFCError.timeout, LibNFCError.targetReleased,
    ]

    private let connstring: String?
    private let configuration: LibNFCReader.Configuration
    private let queue: LibNFCJobQueue
    private let abortHandle: LibNFCAbortHandle
    private let continuation: AsyncStream<ReaderEvent>.Continuation
    private var device: LibNFCDevice?
    private var session: Session?
    private var nextSessionID: UInt64 = 1
    private var failure: LibNFCError?
    private var lastActivity = Date()
    /// Whether the last status reported was `ready` (so a recovery without re-opening is reported too).
    private var reportedReady = false

    init(
        connstring: String?,
        configuration: LibNFCReader.Configuration,
        queue: LibNFCJobQueue,
        abortHandle: LibNFCAbortHandle,
        continuation: AsyncStream<ReaderEvent>.Continuation
    ) {
        self.connstring = connstring
        self.configuration = configuration
        self.queue = queue
        self.abortHandle = abortHandle
        self.continuation = continuation
    }

    /// Runs until the queue stops.
    func run() {
        var backoff = configuration.initialBackoff
        while !queue.isStopped {
            guard let device = device ?? open(backoff: &backoff) else { continue }
            if session == nil {
                poll(device)
            } else {
                serveSession(device)
            }
            if let failure {
                closeDevice(reason: failure.description, retryIn: configuration.initialBackoff)
                self.failure = nil
            }
        }
        endSession()
        device?.close()
        device = nil
    }

    /// Records a failure seen inside a session body; the loop closes and re-opens the device afterwards.
    func noteFailure(_ error: LibNFCError) {
        if error.requiresReopen || (error.code == LibNFCError.aborted && !queue.isStopped) {
            failure = error
        }
    }

    /// Runs `body` for the session `id` with a transceiver, or fails when that tag has left.
    func perform<Result>(
        session id: UInt64,
        _ body: (any Transceiver) throws -> Result
    ) throws -> Result {
        guard let device, let session, session.id == id, failure == nil else {
            throw TransceiveError(.tagRemoved, "the tag left the field")
        }
        defer { lastActivity = Date() }
        return try body(LibNFCTransceiver(engine: self, device: device, target: session.selected.target))
    }

    // MARK: - Device

    private func open(backoff: inout Duration) -> LibNFCDevice? {
        do throws(LibNFCError) {
            let device = try LibNFCDevice(connstring: connstring, abortHandle: abortHandle)
            self.device = device
            backoff = configuration.initialBackoff
            reportReady(device)
            return device
        } catch {
            reportUnavailable(error.description, retryIn: backoff)
            sleep(for: backoff)
            backoff = min(backoff * 2, configuration.maximumBackoff)
            return nil
        }
    }

    private func closeDevice(reason: String, retryIn: Duration) {
        endSession()
        device?.close()
        device = nil
        guard !queue.isStopped else { return }
        reportUnavailable(reason, retryIn: retryIn)
        sleep(for: retryIn)
    }

    /// Waits up to `duration`, serving (and failing) queued jobs meanwhile; returns early when stopped.
    private func sleep(for duration: Duration) {
        let deadline = Date().addingTimeInterval(Self.seconds(duration))
        while !queue.isStopped, Date() < deadline {
            if let job = queue.waitForJob(until: deadline) { job(self) }
        }
    }

    // MARK: - Polling and sessions

    private func poll(_ device: LibNFCDevice) {
        while let job = queue.takeJob() { job(self) }  // stale sessions' jobs fail at once
        let expected =
            Double(configuration.pollPeriod) * 0.15 * Double(configuration.pollRounds)
            + Self.seconds(configuration.wedgeAllowance)
        let continuation = self.continuation
        let reason = "\(device.connstring) stopped answering; aborting the poll"
        let (selected, watchdogFired) = abortHandle.watch(
            seconds: expected,
            onWedge: {
                continuation.yield(.readerStatus(.unavailable(reason: reason, retryIn: .zero)))
            }
        ) { () throws(LibNFCError) -> LibNFCSelectedTarget? in
            try device.pollForTarget(rounds: configuration.pollRounds, period: configuration.pollPeriod)
        }
        switch selected {
        case .success(let selected?):
            reportReady(device)
            guard selected.isISO14443A else { return }
            let id = nextSessionID
            nextSessionID += 1
            session = Session(id: id, selected: selected)
            lastActivity = Date()
            continuation.yield(.tagArrived(LibNFCTagSession(id: id, target: selected.target, queue: queue)))
        case .success(nil):
            if watchdogFired {
                failure = wedged("nfc_initiator_poll_target")
            } else {
                reportReady(device)
            }
        case .failure(let error):
            if queue.isStopped { return }
            if watchdogFired {
                failure = wedged("nfc_initiator_poll_target")
            } else if error.requiresReopen || error.code == LibNFCError.aborted {
                failure = error
            } else if Self.transientPollErrors.contains(error.code) {
                sleep(for: .milliseconds(100))  // a collision or a tag leaving during activation: try again shortly
            } else {
                // The device refuses to poll (unsupported, invalid setting): say so, and keep trying slowly.
                reportUnavailable(error.description, retryIn: configuration.maximumBackoff)
                sleep(for: configuration.maximumBackoff)
            }
        }
    }

    private func serveSession(_ device: LibNFCDevice) {
        let deadline = lastActivity.addingTimeInterval(Self.seconds(configuration.presenceCheckInterval))
        if let job = queue.waitForJob(until: deadline) {
            // A read in flight finishes even when shutdown begins meanwhile: the tap is not lost half-way.
            abortHandle.withoutAbort { job(self) }
            return
        }
        guard !queue.isStopped, Date() >= deadline, failure == nil else { return }
        let (present, watchdogFired) = abortHandle.watch(seconds: 1 + Self.seconds(configuration.wedgeAllowance)) {
            () throws(LibNFCError) -> Bool in
            try device.isTargetPresent()
        }
        switch present {
        case .success(true):
            lastActivity = Date()
        case .success(false):
            endSession()
        case .failure(let error):
            if queue.isStopped { return }
            if watchdogFired {
                failure = wedged("nfc_initiator_target_is_present")
            } else if error.requiresReopen || error.code == LibNFCError.aborted {
                failure = error
            } else {
                endSession()  // any other error while checking: the tag is not answering
            }
        }
    }

    private func reportReady(_ device: LibNFCDevice) {
        guard !reportedReady else { return }
        reportedReady = true
        continuation.yield(.readerStatus(.ready(description: "\(device.name) (\(device.connstring))")))
    }

    private func reportUnavailable(_ reason: String, retryIn: Duration) {
        reportedReady = false
        continuation.yield(.readerStatus(.unavailable(reason: reason, retryIn: retryIn)))
    }

    private func endSession() {
        guard let session else { return }
        self.session = nil
        if failure == nil { device?.deselect() }
        continuation.yield(.tagDeparted(uid: session.selected.target.uid))
    }

    private func wedged(_ function: String) -> LibNFCError {
        LibNFCError(code: LibNFCError.chip, function: function, message: "the device stopped answering (wedged)")
    }

    /// `duration` in seconds, for Foundation and Dispatch deadlines.
    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
