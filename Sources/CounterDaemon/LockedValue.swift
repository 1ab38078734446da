import Foundation

/// A value shared between the daemon's own threads and its tasks, guarded by a lock.
///
/// `@unchecked Sendable` is sound because `value` is only ever read or written inside `lock`.
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    /// The current value.
    var current: Value {
        withLock { $0 }
    }
}
