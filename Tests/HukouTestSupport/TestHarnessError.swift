/// A failure of the test harness itself (a process that did not start or stop, a wait that timed out).
public struct TestHarnessError: Error, CustomStringConvertible {
    public let description: String

    /// Creates the error with its message.
    public init(_ description: String) { self.description = description }
}
