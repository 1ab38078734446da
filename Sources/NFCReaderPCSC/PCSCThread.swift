import Foundation

/// A thread of its own for blocking pcsc-lite calls, with a serial queue of jobs.
///
/// The reader's poll loop runs as the thread's main body and calls ``runPendingJobs()`` between its blocking
/// waits; ``enqueue(_:)`` wakes the loop (through the `wake` hook, which calls `SCardCancel`) so a job waits at most
/// one short poll interval. Nothing here ever runs on Swift's cooperative pool.
final class PCSCThread: @unchecked Sendable {
    // Invariant: `jobs`, `stopping` and `wake` are read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var stopping = false
    private var wake: (@Sendable () -> Void)?
    private var started = false
    private let name: String

    /// Creates the thread object; nothing runs until ``start(_:)``.
    init(name: String) {
        self.name = name
    }

    /// Starts the thread with `body` as its main loop; false (and nothing started) if it was started before.
    func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        let first = !started
        started = true
        condition.unlock()
        guard first else { return false }
        let thread = Thread(block: body)
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
        return true
    }

    /// Whether ``stop()`` was called.
    var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    /// Queues `job` for the thread; returns false (and drops it) once the thread is stopping.
    @discardableResult
    func enqueue(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        guard !stopping else {
            condition.unlock()
            return false
        }
        jobs.append(job)
        let wake = self.wake
        condition.broadcast()
        condition.unlock()
        wake?()
        return true
    }

    /// Asks the loop to end: wakes it and refuses further jobs.
    func stop() {
        condition.lock()
        stopping = true
        let wake = self.wake
        condition.broadcast()
        condition.unlock()
        wake?()
    }

    /// Runs `blocking` with `wake` installed, so a new job or ``stop()`` interrupts it; skips it (returning nil)
    /// when work is already waiting.
    func interruptibly<T>(wake: @escaping @Sendable () -> Void, _ blocking: () throws -> T) rethrows -> T? {
        condition.lock()
        if stopping || !jobs.isEmpty {
            condition.unlock()
            return nil
        }
        self.wake = wake
        condition.unlock()
        defer {
            condition.lock()
            self.wake = nil
            condition.unlock()
        }
        return try blocking()
    }

    /// Runs every queued job, in order, on the calling (the reader's) thread.
    func runPendingJobs() {
        while true {
            condition.lock()
            guard !jobs.isEmpty else {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }

    /// Sleeps until `deadline`, a new job or ``stop()``, whichever comes first (for backoff between retries).
    func sleep(for duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        while !stopping && jobs.isEmpty && Date() < deadline {
            _ = condition.wait(until: deadline)
        }
        condition.unlock()
    }

    /// Drops the queued jobs after the loop ended, running each so it can fail its caller.
    func drain() {
        condition.lock()
        stopping = true
        let remaining = jobs
        jobs.removeAll()
        condition.unlock()
        remaining.forEach { $0() }
    }

    /// Runs `body` on a new thread of its own and returns its result, for one-off blocking calls such as listing
    /// readers from an async command.
    static func detached<T: Sendable>(
        name: String,
        _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.name = name
            thread.start()
        }
    }
}
