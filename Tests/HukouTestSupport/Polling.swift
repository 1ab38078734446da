/// Checks `condition` every 10 ms until it holds, or throws ``TestHarnessError`` after `limit`.
///
/// The wait is a `Task.sleep`, so a slow machine never blocks a thread of the cooperative pool while polling.
public func poll(_ what: String, within limit: Duration, _ condition: () async -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    throw TestHarnessError("timed out after \(limit) waiting for \(what)")
}
