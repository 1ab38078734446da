public import CounterCentral
public import CounterStaff
public import CounterWeb
import Foundation
public import Logging

/// Everything `hukou daemon` needs to run: where the store and control socket live, which readers it owns
/// and for which windows, which keys it trusts, and its timing.
///
/// Built from defaults, then a TOML file (``load(tomlFile:)``), then command-line flags, each overriding the
/// one before. docs/configuration.md lists every key.
public struct DaemonConfiguration: Sendable, Hashable {
    /// The SQLite database of the counter store.
    public var databasePath: String
    /// The store's key file (protects resident ID numbers at rest); `nil` means next to the database.
    public var storeKeyPath: String?
    /// The Unix socket for `hukou tap` and `status`; `nil` disables it.
    public var controlSocketPath: String?
    /// The most control connections served at once.
    public var maximumControlConnections: Int
    /// How long a control `tap` waits for the pipeline's result.
    public var controlTapTimeout: Duration
    /// The trusted signing keys (JSON, see docs/intent-format.md); `nil` trusts no key, so only unsigned cards pass.
    public var trustedKeysPath: String?
    /// A business catalog overriding the bundled one; `nil` uses the bundled catalog.
    public var catalogPath: String?
    /// The station's receipt signing key (docs/intent-format.md §12); `nil` writes no receipts.
    public var receiptKeyPath: String?
    /// The station's name written in receipts.
    public var stationName: String?
    /// The readers and their windows.
    public var readers: [ReaderBinding]
    /// The first delay before a failed reader is restarted; doubled on each failure in a row.
    public var restartInitialDelay: Duration
    /// The longest delay between reader restarts.
    public var restartMaximumDelay: Duration
    /// How long graceful shutdown may take before the remaining work is cancelled.
    public var shutdownTimeout: Duration
    /// The log level.
    public var logLevel: Logger.Level
    /// The known staff (`[[staff]]`): who may use the clerk's prompt, with which role and windows. The daemon only
    /// checks it; `hukou counter` reads it from the same file.
    public var staff: StaffRoster
    /// The clerk's prompt settings (`[counter]`).
    public var counter: CounterSettings
    /// The most unsigned service-card taps one reader accepts in 60 s (`0`: no limit).
    public var unsignedCardsPerMinute: Int

    /// How many days after a transaction ended its sealed personal data is purged (1–3650).
    public var retentionDays: Int

    /// The default of ``retentionDays``.
    public static let defaultRetentionDays = 30

    /// The default of ``unsignedCardsPerMinute``.
    public static let defaultUnsignedCardsPerMinute = 6
    /// The hall's web server (`[web]`); `nil` runs no web server.
    public var web: WebConfiguration?
    /// Replication to the district's central store (`[central]`); `nil` replicates nothing.
    public var central: ReplicatorConfiguration?

    /// The defaults: `./counter.sqlite`, no control socket, no readers.
    public init() {
        databasePath = "counter.sqlite"
        storeKeyPath = nil
        controlSocketPath = nil
        maximumControlConnections = 8
        controlTapTimeout = .seconds(5)
        trustedKeysPath = nil
        catalogPath = nil
        receiptKeyPath = nil
        stationName = nil
        readers = []
        restartInitialDelay = .milliseconds(500)
        restartMaximumDelay = .seconds(30)
        shutdownTimeout = .seconds(10)
        logLevel = .info
        staff = .empty
        counter = CounterSettings()
        unsignedCardsPerMinute = Self.defaultUnsignedCardsPerMinute
        retentionDays = Self.defaultRetentionDays
        web = nil
        central = nil
    }

    /// Checks the values that the TOML types cannot: ranges, duplicate reader names, at least one reader.
    ///
    /// - Throws: ``DaemonConfigurationError``.
    public func validate() throws(DaemonConfigurationError) {
        guard !readers.isEmpty else {
            throw DaemonConfigurationError(
                .missingValue,
                "no reader: give --reader KIND:NAME@WINDOW or readers.bind in the configuration file"
            )
        }
        var seen: Set<String> = []
        for reader in readers {
            guard seen.insert(reader.spec).inserted else {
                throw DaemonConfigurationError(.duplicateReader, "reader '\(reader.spec)' is bound twice")
            }
        }
        let simulatedNames = readers.filter { $0.kind == "sim" }.map(\.shortName)
        guard Set(simulatedNames).count == simulatedNames.count else {
            throw DaemonConfigurationError(.duplicateReader, "two simulated readers share a name")
        }
        guard !databasePath.isEmpty else {
            throw DaemonConfigurationError(.missingValue, "store.database is empty")
        }
        guard (1...256).contains(maximumControlConnections) else {
            throw DaemonConfigurationError(.outOfRange, "control.max_connections must be 1...256")
        }
        guard restartInitialDelay > .zero, restartMaximumDelay >= restartInitialDelay else {
            throw DaemonConfigurationError(
                .outOfRange,
                "readers.restart_initial_delay must be > 0 and ≤ readers.restart_max_delay"
            )
        }
        guard controlTapTimeout > .zero, shutdownTimeout > .zero else {
            throw DaemonConfigurationError(.outOfRange, "timeouts must be greater than zero")
        }
        if receiptKeyPath != nil {
            guard let stationName, (1...64).contains(stationName.count) else {
                throw DaemonConfigurationError(
                    .missingValue,
                    "receipt.station (1–64 characters) is needed with receipt.key"
                )
            }
        }
        try validateWeb()
    }
}
