import Foundation

/// Stops the running PC/SC threads when the process exits, before pcsc-lite's own exit-time destructor frees
/// the client state those threads may be using (without it, `exit()` during a wait crashes inside libpcsclite).
///
/// The `atexit` handler is installed the first time a thread registers; handlers installed after the libraries
/// were loaded run before the libraries' destructors. It stops every registered thread and waits at most
/// half a second in total for them to leave pcsc-lite.
enum PCSCExitGuard {
    // Invariant: `threads` and `installed` are read and written only while `lock` is held.
    private nonisolated(unsafe) static var threads: [ObjectIdentifier: PCSCThread] = [:]
    private nonisolated(unsafe) static var installed = false
    private static let lock = NSLock()

    /// Tracks a started thread.
    static func register(_ thread: PCSCThread) {
        lock.lock()
        defer { lock.unlock() }
        threads[ObjectIdentifier(thread)] = thread
        if !installed {
            installed = true
            atexit { PCSCExitGuard.stopAll() }
        }
    }

    /// Forgets a thread whose work has ended.
    static func unregister(_ thread: PCSCThread) {
        lock.lock()
        threads[ObjectIdentifier(thread)] = nil
        lock.unlock()
    }

    /// Stops every registered thread and waits for them, at most 500 ms in all.
    static func stopAll() {
        lock.lock()
        let running = Array(threads.values)
        lock.unlock()
        running.forEach { $0.stop() }
        let deadline = ContinuousClock.now + .milliseconds(500)
        for thread in running {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return }
            thread.waitUntilFinished(timeout: left)
        }
    }
}
