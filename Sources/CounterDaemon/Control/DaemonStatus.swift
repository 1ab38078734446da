public import CounterCentral

/// The daemon's state as the control `status` request reports it.
public struct DaemonStatus: Sendable, Hashable, Codable {
    /// One reader and how it is doing.
    public struct ReaderState: Sendable, Hashable, Codable {
        /// The reader specification (`sim:window1`).
        public var reader: String
        /// Its window.
        public var window: Int
        /// `starting`, `ready`, `unavailable` or `restarting`.
        public var state: String
        /// Details from the reader (device description or failure reason).
        public var detail: String?
        /// How many times the supervisor restarted it.
        public var restarts: Int
    }

    /// Counts of taps since the daemon started.
    public struct TapCounts: Sendable, Hashable, Codable {
        /// New transactions stored.
        public var accepted: Int = 0
        /// Repeats answered with the existing transaction.
        public var duplicate: Int = 0
        /// Intents refused (replays included).
        public var rejected: Int = 0
        /// Of those, signed intents refused because another intent already used their nonce.
        public var replayed: Int = 0
        /// Reads or commits that failed (nothing acknowledged).
        public var failed: Int = 0

        /// No taps yet.
        public init() {}
    }

    /// This program's process id.
    public var pid: Int32
    /// The store's database path.
    public var database: String
    /// The readers, in configuration order.
    public var readers: [ReaderState]
    /// The taps so far.
    public var taps: TapCounts
    /// The replication to the district's central store, when configured.
    public var replication: ReplicationStatus?

    /// Creates a status report.
    public init(
        pid: Int32,
        database: String,
        readers: [ReaderState],
        taps: TapCounts,
        replication: ReplicationStatus? = nil
    ) {
        self.pid = pid
        self.database = database
        self.readers = readers
        self.taps = taps
        self.replication = replication
    }
}
