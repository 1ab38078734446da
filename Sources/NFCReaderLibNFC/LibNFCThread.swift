import Foundation

/// One dedicated OS thread that runs a single long-lived loop for a libnfc device.
///
/// libnfc gives no thread-safety guarantee, so one thread owns each context and device and every call on them
/// happens there; Swift's cooperative pool never blocks in C. Other threads talk to the loop only through
/// ``LibNFCJobQueue``.
enum LibNFCThread {
    /// Starts `body` on a new thread named `name`; the thread ends when `body` returns.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.stackSize = 4 << 20  // protocol and NDEF code run here too
        thread.start()
    }

    /// Runs `body` on a thread of its own and returns its result without blocking the caller's executor.
    static func run<Result: Sendable>(
        name: String,
        _ body: @escaping @Sendable () -> Result
    ) async -> Result {
        await withCheckedContinuation { continuation in
            LibNFCThread.start(name: name) { continuation.resume(returning: body()) }
        }
    }
}

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
