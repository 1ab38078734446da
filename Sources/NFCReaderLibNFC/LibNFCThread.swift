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
