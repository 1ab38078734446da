public import CounterStore

/// The taps of one window that the daemon found to be repeats (`duplicate`) since the last call, asked for with
/// the `recent` control request: what a clerk's terminal flags as "tapped again".
///
/// The first call only sets the starting point (repeats from before the terminal opened are old news) and
/// returns nothing; a daemon that cannot be reached yields nothing, never an error.
public actor RepeatedTapFeed {
    /// Asks the daemon for the taps finished after a sequence number; nil when it cannot be asked.
    public typealias Fetch = @Sendable (_ after: Int64) async -> [RecentTap]?

    private let window: Int
    private let fetch: Fetch
    private var after: Int64?

    /// A feed for `window` from the daemon listening on the control socket at `socket` (1 s per request).
    public init(socket: String, window: Int) {
        self.init(window: window) { after in
            try? await ControlClient.send(.recent(after: after), to: socket, timeout: .seconds(1)).recent
        }
    }

    /// A feed for `window` from `fetch`.
    public init(window: Int, fetch: @escaping Fetch) {
        self.window = window
        self.fetch = fetch
    }

    /// The transactions of this window tapped again since the last call.
    public func next() async -> [TransactionID] {
        guard let recent = await fetch(after ?? 0) else { return [] }
        let first = after == nil
        after = max(after ?? 0, recent.map(\.seq).max() ?? 0)
        guard !first else { return [] }
        var repeated: [TransactionID] = []
        for tap in recent where tap.window == window && tap.outcome == .duplicate {
            if let id = tap.transactionID { repeated.append(TransactionID(id)) }
        }
        return repeated
    }
}
