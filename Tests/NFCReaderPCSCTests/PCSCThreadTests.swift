import Dispatch
import Foundation
import Testing

@testable import NFCReaderPCSC

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("the reader's own thread: jobs, wake-ups, stop")
struct PCSCThreadTests {
    /// Starts a loop that "waits" like SCardGetStatusChange: for up to `wait`, unless the wake hook fires.
    static func startLoop(_ thread: PCSCThread, wait: Double, woken: PCSCCounter) {
        let started = thread.start {
            woken.loopThread = pthread_self()
            while !thread.isStopping {
                thread.runPendingJobs()
                let gate = DispatchSemaphore(value: 0)
                let result = thread.interruptibly(wake: { gate.signal() }) {
                    gate.wait(timeout: .now() + wait)
                }
                if result == .success { woken.increment() }
            }
            thread.drain()
        }
        #expect(started)
    }

    @Test("a queued job interrupts a long wait instead of waiting it out, and runs on the loop thread")
    func jobInterruptsWait() async throws {
        let thread = PCSCThread(name: "pcsc-test")
        let woken = PCSCCounter()
        Self.startLoop(thread, wait: 30, woken: woken)
        try await Task.sleep(for: .milliseconds(50))
        let start = ContinuousClock.now
        let onLoopThread = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<Bool, any Error>) in
            let accepted = thread.enqueue {
                continuation.resume(returning: woken.loopThread.map { pthread_equal($0, pthread_self()) != 0 } == true)
            }
            if !accepted { continuation.resume(throwing: CancellationError()) }
        }
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(onLoopThread)
        #expect(woken.value >= 1)
        thread.stop()
        #expect(thread.waitUntilFinished(timeout: .seconds(5)))
    }

    @Test("stop ends a long wait and both threads; later jobs are refused; a second start does nothing")
    func stopEndsEverything() async throws {
        let thread = PCSCThread(name: "pcsc-test")
        Self.startLoop(thread, wait: 30, woken: PCSCCounter())
        try await Task.sleep(for: .milliseconds(50))
        let start = ContinuousClock.now
        thread.stop()
        #expect(thread.waitUntilFinished(timeout: .seconds(5)))
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(!thread.enqueue {})
        #expect(!thread.start {})
    }
}

/// A counter shared between threads.
final class PCSCCounter: @unchecked Sendable {
    // Invariant: `count` and `thread` are read and written only under `lock`.
    private let lock = NSLock()
    private var count = 0
    private var thread: pthread_t?

    /// The loop thread, recorded by the loop itself.
    var loopThread: pthread_t? {
        get {
            lock.lock()
            defer { lock.unlock() }
            return thread
        }
        set {
            lock.lock()
            thread = newValue
            lock.unlock()
        }
    }

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
