public import Foundation

/// How a ``CounterStore`` opens its database and behaves.
public struct CounterStoreOptions: Sendable {
    /// The station's time zone: tickets restart at 001 at its local midnight. Default Asia/Shanghai.
    public var timeZone: TimeZone
    /// How long the same unsigned card content at the same window counts as a repeat. Default 30 s.
    public var contentDedupInterval: TimeInterval
    /// How long a writer waits for another process's lock before failing. Default 5 s.
    public var busyTimeout: TimeInterval
    /// The store key file. `nil` means `<database path>.key`, created with mode 0600 if absent.
    /// Ignored by ``CounterStore/inMemory(options:)``.
    public var keyFilePath: String?
    /// A 32-byte store key given directly (tests, tools); overrides ``keyFilePath``.
    /// `nil` for an in-memory store means a fresh random key.
    public var key: [UInt8]?
    /// The clock for state-change times and ticket days. Default: the system clock.
    public var clock: @Sendable () -> Date

    /// Creates options.
    public init(
        timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .current,
        contentDedupInterval: TimeInterval = 30,
        busyTimeout: TimeInterval = 5,
        keyFilePath: String? = nil,
        key: [UInt8]? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.timeZone = timeZone
        self.contentDedupInterval = contentDedupInterval
        self.busyTimeout = busyTimeout
        self.keyFilePath = keyFilePath
        self.key = key
        self.clock = clock
    }
}
