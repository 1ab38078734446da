import CoreFoundation
public import Foundation
import GRDB
import SystemPackage

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The counter's service store: taps become pending transactions, the clerk moves them through
/// their states, tickets are issued, and every change is written to a hash-chained audit log.
///
/// A `Sendable` value around a GRDB database (a `DatabasePool` in WAL mode for a file, so the daemon
/// and several clerk terminals share it). Every write is one `BEGIN IMMEDIATE` transaction with
/// `synchronous=FULL`: when a method returns, its change is on disk. Methods throw
/// ``CounterStoreError`` for refused requests and GRDB's `DatabaseError` for SQLite failures.
public struct CounterStore: Sendable {
    let writer: any DatabaseWriter
    let key: StoreKey
    let options: CounterStoreOptions
    let calendar: Calendar
    let tapBatcher = TapBatcher()
    let checkpointer: Checkpointer?

    /// The `wal_autocheckpoint` threshold in pages (≈ 32 MiB): a safety net only, since the
    /// ``Checkpointer`` checkpoints in the background long before.
    public static let autoCheckpointPages = 8192

    /// Opens the database at `path`, creating it (mode 0600) and its key file if needed, and migrates it.
    ///
    /// - Throws: ``CounterStoreError`` (`.invalidKey`, `.fileAccess`) or GRDB's `DatabaseError`.
    public init(path: String, options: CounterStoreOptions = .init()) throws {
        let isNew = try Self.createPrivateFile(path)
        let key: StoreKey
        if let bytes = options.key {
            key = try StoreKey(master: bytes)
        } else {
            // A key is only ever generated together with a new database: a fresh key for existing data
            // would leave every sealed field unreadable.
            key = try StoreKey.loadOrCreate(path: options.keyFilePath ?? path + ".key", mayCreate: isNew)
        }
        let configuration = Self.configuration(options)
        let pool = try DatabasePool(path: path, configuration: configuration)
        try self.init(
            writer: pool,
            key: key,
            options: options,
            checkpointer: Checkpointer(path: path, configuration: configuration)
        )
        try pool.write { db in try Self.checkKey(db, key, path: path, mayRecord: true) }
    }

    /// Opens an existing database read-only, for tools and auditors: nothing is created, migrated or
    /// written, and the store key is optional.
    ///
    /// Reads, ``verifyAudit()`` and ``backup(to:)`` work; writes fail with a database error. Without the
    /// key (`options.key`, or the key file if it exists and is readable), ``applicant(of:)`` and
    /// ``intentPayload(of:)`` throw `.sealedDataUnreadable` — masked data needs no key.
    ///
    /// - Throws: ``CounterStoreError`` `.fileAccess` if there is no database at `path` or its schema is not
    ///   this version's, or a database error.
    public static func readOnly(path: String, options: CounterStoreOptions = .init()) throws -> CounterStore {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else {
            throw CounterStoreError(.fileAccess, "no counter database at \(path)")
        }
        let keyPath = options.keyFilePath ?? path + ".key"
        let key: StoreKey
        var keyGiven = true
        if let bytes = options.key {
            key = try StoreKey(master: bytes)
        } else if access(keyPath, R_OK) == 0 {
            key = try StoreKey.loadOrCreate(path: keyPath, mayCreate: false)
        } else {
            key = try StoreKey.random()  // opens nothing that was sealed with the real key
            keyGiven = false
        }
        var configuration = Self.configuration(options)
        configuration.readonly = true
        let pool = try DatabasePool(path: path, configuration: configuration)
        let migrated = try pool.read { db in try Self.migrator.hasCompletedMigrations(db) }
        guard migrated else {
            throw CounterStoreError(
                .fileAccess,
                "\(path) is not a counter database of this version (migrations missing)"
            )
        }
        if keyGiven {
            try pool.read { db in try Self.checkKey(db, key, path: path, mayRecord: false) }
        }
        return CounterStore(readOnly: pool, key: key, options: options)
    }

    /// An in-memory store for tests and tools; it vanishes with the value.
    public static func inMemory(options: CounterStoreOptions = .init()) throws -> CounterStore {
        let key = try options.key.map { try StoreKey(master: $0) } ?? StoreKey.random()
        let queue = try DatabaseQueue(configuration: configuration(options))
        let store = try CounterStore(writer: queue, key: key, options: options, checkpointer: nil)
        try queue.write { db in try Self.checkKey(db, key, path: ":memory:", mayRecord: true) }
        return store
    }

    private init(
        writer: any DatabaseWriter,
        key: StoreKey,
        options: CounterStoreOptions,
        checkpointer: Checkpointer?
    ) throws {
        self.writer = writer
        self.checkpointer = checkpointer
        self.key = key
        self.options = options
        self.calendar = Self.stationCalendar(options)
        try Self.migrator.migrate(writer)
    }

    private init(readOnly pool: DatabasePool, key: StoreKey, options: CounterStoreOptions) {
        self.writer = pool
        self.checkpointer = nil
        self.key = key
        self.options = options
        self.calendar = Self.stationCalendar(options)
    }

    /// The Gregorian calendar in the station's time zone, for ticket days.
    private static func stationCalendar(_ options: CounterStoreOptions) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = options.timeZone
        return calendar
    }

    static func configuration(_ options: CounterStoreOptions) -> Configuration {
        var configuration = Configuration()
        configuration.label = "CounterStore"
        configuration.busyMode = .timeout(options.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            if db.configuration.readonly { return }
            // A tap acknowledged to the citizen must survive a power cut: fsync the WAL on every commit.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(autoCheckpointPages)")
            // Deleted and overwritten content is zeroed, so the retention purge leaves no old bytes in free space.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        return configuration
    }

    /// Creates the database file with mode 0600 if absent (SQLite gives -wal and -shm the same mode),
    /// or tightens an existing file to 0600.
    ///
    /// - Returns: `true` if the file is new (empty).
    private static func createPrivateFile(_ path: String) throws -> Bool {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(
                FilePath(path),
                .readWrite,
                options: [.create, .closeOnExec, .noFollow],
                permissions: [.ownerReadWrite]
            )
        } catch {
            throw CounterStoreError(.fileAccess, "cannot open \(path): \(error)")
        }
        defer { try? fd.close() }
        let info: Stat
        do {
            info = try fd.stat()
        } catch {
            throw CounterStoreError(.fileAccess, "cannot stat \(path): \(error)")
        }
        guard info.type == .regular else {
            throw CounterStoreError(.fileAccess, "\(path) is not a regular file")
        }
        if info.permissions != [.ownerReadWrite], fchmod(fd.rawValue, 0o600) != 0 {
            throw CounterStoreError(.fileAccess, "cannot set mode 0600 on \(path): \(Errno(rawValue: errno))")
        }
        return info.size == 0
    }

    // MARK: - Helpers

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction on GRDB's writer queue; throws roll back.
    func immediateWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        defer { checkpointer?.noteCommit() }
        return try await writer.writeWithoutTransaction { db in
            var result: Result<T, any Error>?
            try db.inTransaction(.immediate) {
                do {
                    result = .success(try body(db))
                    return .commit
                } catch {
                    result = .failure(error)
                    return .rollback
                }
            }
            guard let result else {
                throw CounterStoreError(.corruptRow, "write transaction produced no result")
            }
            return try result.get()
        }
    }

    /// The station-local day (`yyyy-MM-dd`) containing `date`.
    func localDay(_ date: Date) -> String {
        Self.day(of: date, in: calendar)
    }

    /// The day (`yyyy-MM-dd`) containing `date` in `calendar`'s time zone.
    public static func day(of date: Date, in calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let year = parts.year ?? 0
        let month = parts.month ?? 0
        let day = parts.day ?? 0
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
