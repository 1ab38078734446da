public import CounterStore

/// Notices taps that arrived for one window since it last looked, cheaply: it reads the store's change
/// token and fetches the window's pending requests only when the token moved.
///
/// The terminal calls ``poll()`` every ~100 ms, so a tap shows within 200 ms of its commit without a keypress.
public struct PendingTapWatcher: Sendable {
    /// The store shared with the daemon.
    public let store: CounterStore
    /// The window watched.
    public let window: Int
    private var lastToken: Int64?
    private var seen: Set<TransactionID> = []

    /// Creates a watcher that treats the transactions in `alreadyShown` as seen.
    public init(store: CounterStore, window: Int, alreadyShown: some Sequence<TransactionID> = []) {
        self.store = store
        self.window = window
        self.seen = Set(alreadyShown)
    }

    /// The pending transactions of this window not returned before, oldest first; empty when nothing changed.
    public mutating func poll() async throws -> [CounterTransaction] {
        let token = try await store.changeToken()
        guard token != lastToken else { return [] }
        lastToken = token
        let pending = try await store.transactions(window: window, states: [.pending])
        let fresh = pending.filter { !seen.contains($0.id) }
        // Keep only ids still pending, so the set stays as small as the window's backlog.
        seen = Set(pending.map(\.id))
        return fresh
    }
}
