import Foundation

/// The jobs other threads hand to the reader's thread, and the signal that wakes it.
///
/// The reader thread takes jobs with ``waitForJob(until:)``, which doubles as its interruptible sleep between
/// presence checks and reconnection attempts.
final class LibNFCJobQueue: @unchecked Sendable {
    /// A job: called on the reader thread with its engine, or with `nil` when the
    /// queue stopped (the job must then fail its caller).
    typealias Job = @Sendable (_ engine: LibNFCEngine?) -> Void

    // Invariant: `jobs`, `stopped` and `stopHandlers` are read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var stopped = false
    private var stopHandlers: [@Sendable () -> Void] = []

    /// Whether ``stop()`` was called.
    var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    /// Queues `job` for the reader thread; returns `false` (and drops it) once stopped.
    @discardableResult
    func submit(_ job: @escaping Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    /// Marks the queue stopped, wakes the reader thread and returns the jobs it will never run.
    func stop() -> [Job] {
        condition.lock()
        stopped = true
        let dropped = jobs
        jobs.removeAll()
        let handlers = stopHandlers
        stopHandlers.removeAll()
        condition.broadcast()
        condition.unlock()
        for handler in handlers { handler() }
        return dropped
    }

    /// Calls `handler` when the queue stops (at once if it already has).
    func onStop(_ handler: @escaping @Sendable () -> Void) {
        condition.lock()
        guard !stopped else {
            condition.unlock()
            handler()
            return
        }
        stopHandlers.append(handler)
        condition.unlock()
    }

    /// Waits until a job is queued, the queue stops, or `deadline` passes. Returns the job, if any.
    func waitForJob(until deadline: Date) -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && !stopped {
            if !condition.wait(until: deadline) { break }
        }
        guard !stopped, !jobs.isEmpty else { return nil }
        return jobs.removeFirst()
    }

    /// Takes a queued job without waiting.
    func takeJob() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped, !jobs.isEmpty else { return nil }
        return jobs.removeFirst()
    }
}
