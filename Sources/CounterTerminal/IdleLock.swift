/// When the prompt has sat without input too long (等保: a session locks after a set idle time): a pure state machine
/// over instants given by the caller, so it is tested with a made-up clock.
///
/// Instants are durations since any fixed start (the console uses its `ContinuousClock`).
public struct IdleLock: Sendable, Hashable {
    /// How long without input before the lock.
    public let timeout: Duration
    private var lastInput: Duration

    /// Starts counting at `now`.
    public init(timeout: Duration, now: Duration) {
        self.timeout = timeout
        self.lastInput = now
    }

    /// The clerk typed a line at `now`.
    public mutating func input(at now: Duration) {
        lastInput = max(lastInput, now)
    }

    /// What to do at `now`.
    public enum Action: Sendable, Hashable {
        /// Nothing yet; look again after this long.
        case wait(Duration)
        /// Idle too long: clear the screen and close.
        case lock
    }

    /// What to do at `now`.
    public func check(at now: Duration) -> Action {
        let idle = now - lastInput
        return idle >= timeout ? .lock : .wait(timeout - idle)
    }
}
