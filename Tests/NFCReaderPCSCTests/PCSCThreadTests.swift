import Dispatch
import Foundation
import Testing

@testable import NFCReaderPCSC

@Suite("the reader's own thread: jobs, wake-ups, stop")
struct PCSCThreadTests {
    /// Starts a loop that "waits" like SCardGetStatusChange: for up to `wait`, unless the wake hook fires.
    static func startLoop(_ thread: PCSCThread, wait: Double, woken: PCSCCounter) {
        let started = thread.start {
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
        let name = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
            let accepted = thread.enqueue { continuation.resume(returning: Thread.current.name ?? "") }
            if !accepted { continuation.resume(throwing: CancellationError()) }
        }
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(name == "pcsc-test")  // the loop thread's name, set from inside it
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
    // Invariant: `count` is read and written only under `lock`.
    private let lock = NSLock()
    private var count = 0

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
