import Foundation

/// A thread of its own for blocking pcsc-lite calls, with a serial queue of jobs, and a second small thread that
/// interrupts the first one's waits.
///
/// The reader's poll loop runs as the main thread's body and calls ``runPendingJobs()`` between its blocking
/// waits. ``enqueue(_:)`` and ``stop()`` never block: they only flag a wake-up, and the waker thread carries it out
/// through the installed `wake` hook (`SCardCancel`, itself a blocking call that talks to pcscd), so no pcsc-lite
/// call ever runs on Swift's cooperative pool or on a caller's thread. A job therefore waits at most for the
/// current wait to be cancelled, or one poll interval if the cancel raced with the start of the wait.
///
/// Both threads are registered with ``PCSCExitGuard`` while they run, so a process that exits while a wait is in
/// progress first stops them, before pcsc-lite's library destructor frees what they are using.
final class PCSCThread: @unchecked Sendable {
    // Invariant: every `var` below is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var stopping = false
    private var wake: (@Sendable () -> Void)?
    private var wakeRequested = false
    private var started = false
    private var runningThreads = 0
    private var loopRunning = false
    private let name: String

    /// Creates the thread object; nothing runs until ``start(_:)``.
    init(name: String) {
        self.name = name
    }

    /// Starts the loop thread with `body` and the waker thread; false (and nothing started) if started before.
    func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        let first = !started
        started = true
        if first {
            runningThreads = 2
            loopRunning = true
        }
        condition.unlock()
        guard first else { return false }
        PCSCExitGuard.register(self)
        spawn(name) { [self] in
            body()
            condition.lock()
            loopRunning = false
            condition.unlock()
            threadEnded()
        }
        spawn(name + "-waker") { [self] in
            wakeUntilStopped()
            threadEnded()
        }
        return true
    }

    private func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            // Named from inside: on Linux a new thread otherwise keeps its creator's name (a pool thread's).
            Thread.current.name = name
            body()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func threadEnded() {
        condition.lock()
        runningThreads -= 1
        let last = runningThreads == 0
        condition.broadcast()
        condition.unlock()
        if last { PCSCExitGuard.unregister(self) }
    }

    /// Whether ``stop()`` was called.
    var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    /// Queues `job` for the loop thread; returns false (and drops it) once the thread is stopping.
    @discardableResult
    func enqueue(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return false }
        jobs.append(job)
        wakeRequested = true
        condition.broadcast()
        return true
    }

    /// Asks the loop to end: wakes it and refuses further jobs. Does not block.
    func stop() {
        condition.lock()
        stopping = true
        wakeRequested = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until both threads have ended, at most `timeout`; true when they did.
    @discardableResult
    func waitUntilFinished(timeout: Duration) -> Bool {
        let deadline = Date(timeIntervalSinceNow: Self.seconds(timeout))
        condition.lock()
        defer { condition.unlock() }
        while runningThreads > 0 {
            guard condition.wait(until: deadline) else { return runningThreads == 0 }
        }
        return true
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

    /// The waker thread: carries out requested wake-ups while the loop is inside a wait; ends once the loop
    /// thread has ended after ``stop()``.
    private func wakeUntilStopped() {
        condition.lock()
        while true {
            if wakeRequested {
                wakeRequested = false
                if let wake {
                    condition.unlock()
                    wake()
                    condition.lock()
                }
                continue
            }
            if stopping && !loopRunning { break }
            condition.wait()
        }
        condition.unlock()
    }

    /// Runs every queued job, in order, on the calling (the loop) thread.
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

    /// Sleeps for `duration`, or until a new job or ``stop()``, whichever comes first (backoff between retries).
    func sleep(for duration: Duration) {
        let deadline = Date(timeIntervalSinceNow: Self.seconds(duration))
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
        condition.broadcast()
        condition.unlock()
        remaining.forEach { $0() }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// Runs `body` on a new thread of its own and returns its result, for one-off blocking calls such as listing
    /// readers from an async command.
    static func detached<T: Sendable>(
        name: String,
        _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                Thread.current.name = name
                continuation.resume(with: Result { try body() })
            }
            thread.start()
        }
    }
}
