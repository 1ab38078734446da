import Foundation

/// Lets another thread abort the blocking libnfc call in progress on a device without racing its closing, and
/// aborts calls that take far longer than they should (a wedged reader).
final class LibNFCAbortHandle: @unchecked Sendable {
    // Invariant: `device`, `generation`, `watchdogFired` and `shielded` are read and written only while `lock` is
    // held, and `device` is set only while the device is open (``LibNFCDevice`` detaches before `nfc_close`), so an
    // abort never reaches a closed device.
    private let lock = NSLock()
    private var device: OpaquePointer?
    private var generation: UInt64 = 0
    private var watchdogFired = false
    private var shielded = false

    /// Registers the open device (called by ``LibNFCDevice`` after `nfc_open`).
    func attach(_ device: OpaquePointer) {
        lock.withLock { self.device = device }
    }

    /// Forgets the device (called by ``LibNFCDevice`` before `nfc_close`).
    func detach() {
        lock.withLock { device = nil }
    }

    /// Interrupts the call in progress, if any (`nfc_abort_command`), unless it is part of a tag session body
    /// (see ``withoutAbort(_:)``).
    func abort() {
        lock.withLock {
            if let device, !shielded { LibNFCCalls.abortCommand(device) }
        }
    }

    /// Runs `body` (a session's protocol exchange) shielded from ``abort()``, so shutdown lets it complete.
    func withoutAbort<Value>(_ body: () throws -> Value) rethrows -> Value {
        lock.withLock { shielded = true }
        defer { lock.withLock { shielded = false } }
        return try body()
    }

    /// Runs `body` (a blocking libnfc call) and aborts it if it is still running after `seconds`.
    ///
    /// - Returns: the outcome and whether the watchdog fired.
    func watch<Value>(
        seconds: Double,
        onWedge: @escaping @Sendable () -> Void = {},
        _ body: () throws(LibNFCError) -> Value
    ) -> (Result<Value, LibNFCError>, Bool) {
        let armed = lock.withLock {
            generation += 1
            watchdogFired = false
            return generation
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            lock.withLock {
                guard generation == armed, let device else { return }
                watchdogFired = true
                LibNFCCalls.abortCommand(device)
            }
            if lock.withLock({ generation == armed }) { onWedge() }
        }
        let result: Result<Value, LibNFCError>
        do throws(LibNFCError) {
            result = .success(try body())
        } catch {
            result = .failure(error)
        }
        let fired = lock.withLock {
            generation += 1
            return watchdogFired
        }
        return (result, fired)
    }
}
