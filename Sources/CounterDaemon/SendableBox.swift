/// Moves a non-`Sendable` value from one thread to another exactly once.
///
/// `@unchecked Sendable` is sound because the value is handed over, never shared: the sender gives up its
/// reference when it creates the box, and only the receiving thread calls ``take()``.
final class SendableBox<Value>: @unchecked Sendable {
    private var value: Value?

    init(_ value: Value) {
        self.value = value
    }

    /// The value, the first time; `nil` after that.
    func take() -> Value? {
        defer { value = nil }
        return value
    }
}
