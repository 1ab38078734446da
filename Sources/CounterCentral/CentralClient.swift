public import CounterStore
public import Foundation
public import Logging
import NIOCore
import PostgresNIO

/// One connection to the district's central PostgreSQL and the operations on it: the schema, station
/// registration, a station's batches, and the reads behind the district's figures and the audit anchor check.
public final class CentralClient: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    private init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Connects to `database`.
    ///
    /// - Throws: ``CentralError`` `.connectionFailed` (with the server's reason when it gave one).
    public static func connect(_ database: CentralDatabase, logger: Logger) async throws(CentralError) -> CentralClient
    {
        let configuration = try database.configuration()
        do {
            let connection = try await PostgresConnection.connect(
                configuration: configuration,
                id: Int.random(in: 1...Int.max),
                logger: logger
            )
            return CentralClient(connection: connection, logger: logger)
        } catch {
            throw Self.mapped(error, context: "connecting to \(database)")
        }
    }

    deinit {
        // A client dropped without close() (a thrown error on the way) closes its connection; the callback keeps
        // the connection alive until it is closed.
        let connection = self.connection
        if !connection.isClosed { connection.close().whenComplete { _ in _ = connection } }
    }

    /// Closes the connection.
    public func close() async {
        try? await connection.close()
    }

    // MARK: - Schema

    /// The central schema's version (0 when it was never migrated).
    public func schemaVersion() async throws(CentralError) -> Int {
        let exists = try await scalar(
            sql: "SELECT to_regclass('hukou_central.schema_migrations') IS NOT NULL",
            as: Bool.self
        )
        guard exists == true else { return 0 }
        return try await scalar(
            sql: "SELECT COALESCE(max(version), 0) FROM hukou_central.schema_migrations",
            as: Int.self
        )
            ?? 0
    }

    /// Applies the migrations not applied yet, each in its own transaction, under an advisory lock so that two
    /// runs at once do not race.
    ///
    /// - Returns: the versions applied now (empty when the schema was current).
    @discardableResult
    public func migrate() async throws(CentralError) -> [Int] {
        var applied: [Int] = []
        try await transaction { () throws(CentralError) in
            try await self.execute("SELECT pg_advisory_xact_lock(7311730)")
            for statement in CentralSchema.bootstrap { try await self.execute(statement) }
        }
        for migration in CentralSchema.migrations {
            let done = try await transaction { () throws(CentralError) -> Bool in
                try await self.execute("SELECT pg_advisory_xact_lock(7311730)")
                let present = try await self.scalar(
                    sql: "SELECT count(*) FROM hukou_central.schema_migrations WHERE version = \(migration.version)",
                    as: Int.self
                )
                guard present == 0 else { return false }
                for statement in migration.statements { try await self.execute(statement) }
                try await self.connection.query(
                    "INSERT INTO hukou_central.schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: self.logger
                )
                return true
            }
            if done { applied.append(migration.version) }
        }
        return applied
    }

    /// Throws `.notMigrated` unless the schema is at this program's version or newer.
    public func requireSchema() async throws(CentralError) {
        let version = try await schemaVersion()
        guard version >= CentralSchema.latestVersion else {
            throw CentralError(
                .notMigrated,
                "the central schema is at version \(version), this program needs \(CentralSchema.latestVersion): "
                    + "run hukou central migrate"
            )
        }
    }

    // MARK: - Stations

    /// Registers a station with its shared secret, or confirms a registration with the same secret.
    ///
    /// - Parameter replace: replace the secret of a station registered with another one (a rotation).
    /// - Returns: `true` when a row was written, `false` when the station was already registered so.
    /// - Throws: ``CentralError`` `.invalidConfiguration` for a bad id or a different secret without `replace`.
    @discardableResult
    public func register(station: StationRegistration, replace: Bool) async throws(CentralError) -> Bool {
        try station.validate()
        let secret = ByteBuffer(bytes: station.secret)
        let existing = try await scalar(
            "SELECT secret FROM hukou_central.stations WHERE station_id = \(station.id)",
            as: ByteBuffer.self
        )
        if let existing {
            if existing == secret {
                try await run(
                    "UPDATE hukou_central.stations SET name = \(station.name), time_zone = \(station.timeZone) WHERE station_id = \(station.id)"
                )
                return false
            }
            guard replace else {
                throw CentralError(
                    .invalidConfiguration,
                    "station \(station.id) is registered with another secret (--replace rotates it)"
                )
            }
            try await run(
                "UPDATE hukou_central.stations SET secret = \(secret), name = \(station.name), time_zone = \(station.timeZone) WHERE station_id = \(station.id)"
            )
            return true
        }
        try await run(
            "INSERT INTO hukou_central.stations (station_id, name, time_zone, secret) VALUES (\(station.id), \(station.name), \(station.timeZone), \(secret))"
        )
        return true
    }

    /// The stations and how current their copies are.
    public func stations() async throws(CentralError) -> [CentralStation] {
        var result: [CentralStation] = []
        do {
            let rows = try await connection.query(
                """
                SELECT station_id, name, time_zone, head_seq, reported_seq, head_at_ms,
                       extract(epoch FROM last_contact)::float8
                FROM hukou_central.stations ORDER BY station_id
                """,
                logger: logger
            )
            for try await (id, name, zone, head, reported, headAt, contact) in rows.decode(
                (String, String, String, Int64, Int64, Int64?, Double?).self
            ) {
                result.append(
                    CentralStation(
                        id: id,
                        name: name,
                        timeZone: zone,
                        headSeq: head,
                        reportedSeq: reported,
                        headAt: headAt.map { Date(timeIntervalSince1970: Double($0) / 1000) },
                        lastContact: contact.map { Date(timeIntervalSince1970: $0) }
                    )
                )
            }
        } catch {
            throw Self.mapped(error, context: "reading the stations")
        }
        return result
    }

    // MARK: - A station's batches

    /// The station's head as the central copy holds it: the last row's sequence number (0 for none) and hash.
    ///
    /// - Throws: ``CentralError`` `.unknownStation`.
    public func head(station: String) async throws(CentralError) -> (seq: Int64, hash: String?) {
        do {
            let rows = try await connection.query(
                "SELECT head_seq, head_hash FROM hukou_central.station_head(\(station))",
                logger: logger
            )
            for try await (seq, hash) in rows.decode((Int64?, String?).self) {
                guard let seq else { break }
                return (seq, hash)
            }
        } catch {
            throw Self.mapped(error, context: "reading the head of station \(station)")
        }
        throw CentralError(.unknownStation, "station \(station) is not registered centrally")
    }

    /// Sends one batch; returns the station's head afterwards.
    ///
    /// A batch not answered within `timeout` fails as `connectionFailed` and the connection is closed: whatever
    /// happened to it, the replicator's retry resends from the central head on a new connection.
    public func ingest(station: String, payload: String, mac: String, timeout: Duration = .seconds(60))
        async throws(CentralError) -> Int64
    {
        // A query written to a connection the server has already closed is dropped by PostgresNIO and never
        // answered, so a replicator idling on a long-lived connection would wait for ever: check it first, and
        // bound the wait in any case (the connection may close between the check and the write).
        guard !connection.isClosed else {
            throw CentralError(
                .connectionFailed,
                "sending a batch of station \(station): the server closed the connection"
            )
        }
        let connection = self.connection
        let logger = self.logger
        do {
            return try await withThrowingTaskGroup(of: Int64?.self) { group in
                group.addTask {
                    let rows = try await connection.query(
                        "SELECT hukou_central.ingest(\(station), \(payload), \(mac))",
                        logger: logger
                    )
                    for try await head in rows.decode(Int64.self) { return head }
                    throw CentralError(.corruptResponse, "ingest returned no head")
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let head = first else {
                    try? await connection.close()
                    throw CentralError(
                        .connectionFailed,
                        "no answer within \(timeout) to a batch of station \(station)"
                    )
                }
                return head
            }
        } catch {
            throw Self.mapped(error, context: "sending a batch of station \(station)")
        }
    }

    /// The central copy of a station's chain: (sequence number, hash) of the rows after `seq`, up to `limit`.
    public func chain(station: String, after seq: Int64, limit: Int) async throws(CentralError) -> [(Int64, Data)] {
        var result: [(Int64, Data)] = []
        do {
            let rows = try await connection.query(
                """
                SELECT seq, hash FROM hukou_central.events WHERE station_id = \(station) AND seq > \(seq)
                ORDER BY seq LIMIT \(limit)
                """,
                logger: logger
            )
            for try await (seq, hash) in rows.decode((Int64, Data).self) { result.append((seq, hash)) }
        } catch {
            throw Self.mapped(error, context: "reading the chain of station \(station)")
        }
        return result
    }

    /// How many events the central copy holds for `station`, and how many distinct sequence numbers.
    public func eventCount(station: String) async throws(CentralError) -> Int {
        try await scalar("SELECT count(*) FROM hukou_central.events WHERE station_id = \(station)", as: Int.self) ?? 0
    }

    // MARK: - Plumbing

    func execute(_ sql: String) async throws(CentralError) {
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            throw Self.mapped(error, context: "running \(sql.prefix(60))")
        }
    }

    func run(_ query: PostgresQuery) async throws(CentralError) {
        do {
            try await connection.query(query, logger: logger)
        } catch {
            throw Self.mapped(error, context: "writing")
        }
    }

    func scalar<T: PostgresDecodable & Sendable>(_ query: PostgresQuery, as type: T.Type) async throws(CentralError)
        -> T? where T._DecodableType == T
    {
        do {
            let rows = try await connection.query(query, logger: logger)
            for try await row in rows {
                guard let cell = row.first(where: { _ in true }) else { return nil }
                return try cell.decode(T?.self)
            }
            return nil
        } catch {
            throw Self.mapped(error, context: "reading")
        }
    }

    func scalar<T: PostgresDecodable & Sendable>(sql: String, as type: T.Type) async throws(CentralError) -> T?
    where T._DecodableType == T {
        try await scalar(PostgresQuery(unsafeSQL: sql), as: type)
    }

    /// Runs `body` between BEGIN and COMMIT; a throw rolls back.
    func transaction<T: Sendable>(_ body: () async throws(CentralError) -> T) async throws(CentralError) -> T {
        try await execute("BEGIN")
        do {
            let value = try await body()
            try await execute("COMMIT")
            return value
        } catch {
            try? await execute("ROLLBACK")
            throw error
        }
    }

    /// A PostgresNIO error as a ``CentralError``: the station-batch codes of the ingest function, a missing
    /// schema, or a connection failure.
    static func mapped(_ error: any Error, context: String) -> CentralError {
        if let error = error as? CentralError { return error }
        guard let error = error as? PSQLError else {
            return CentralError(.connectionFailed, "\(context): \(error)")
        }
        guard let info = error.serverInfo else {
            return CentralError(.connectionFailed, "\(context): \(String(describing: error.code))")
        }
        let state = info[.sqlState] ?? ""
        let message = info[.message] ?? "unknown server error"
        let seq = info[.detail].flatMap { Int64($0) }
        switch state {
        case "HK001": return CentralError(.unknownStation, message)
        case "HK002": return CentralError(.badCredential, message)
        case "HK003": return CentralError(.sequenceGap, message)
        case "HK004": return CentralError(.forked, message, seq: seq)
        case "3F000", "42P01", "42883":
            return CentralError(.notMigrated, "\(context): \(message) (run hukou central migrate)")
        case "28P01", "28000", "3D000": return CentralError(.connectionFailed, "\(context): \(message)")
        default:
            if state.hasPrefix("08") || state.hasPrefix("57") {
                return CentralError(.connectionFailed, "\(context): \(message)")
            }
            return CentralError(.rejected, "\(context): \(message) [\(state)]")
        }
    }
}

/// A station as the central store knows it.
public struct CentralStation: Sendable, Hashable, Codable {
    /// The station id (`yuzhong-jiefangbei`).
    public var id: String
    /// Its display name.
    public var name: String
    /// Its time zone (days and hours of its figures).
    public var timeZone: String
    /// The last audit row held centrally.
    public var headSeq: Int64
    /// The station's own last audit row, as its latest batch or heartbeat reported it.
    public var reportedSeq: Int64
    /// When that row was written at the station.
    public var headAt: Date?
    /// When the station last sent anything.
    public var lastContact: Date?
}

/// What registering a station records: its id, name, time zone and the shared secret its batches are
/// authenticated with.
public struct StationRegistration: Sendable {
    /// The station id: 1–64 of `a-z 0-9 _ -`, starting with a letter or digit.
    public var id: String
    /// Its display name (1–64 characters).
    public var name: String
    /// An IANA time zone (`Asia/Shanghai`).
    public var timeZone: String
    /// 32–64 random bytes.
    public var secret: [UInt8]

    /// A registration.
    public init(id: String, name: String, timeZone: String, secret: [UInt8]) {
        self.id = id
        self.name = name
        self.timeZone = timeZone
        self.secret = secret
    }

    /// Whether a station id is well formed (the same rule as the central table's check).
    public static func isValidID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard (1...64).contains(bytes.count), let first = bytes.first else { return false }
        func allowed(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        return allowed(first) && bytes.allSatisfy { allowed($0) || $0 == 0x2D || $0 == 0x5F }
    }

    func validate() throws(CentralError) {
        guard Self.isValidID(id) else {
            throw CentralError(
                .invalidConfiguration,
                "station id must be 1–64 of a-z 0-9 _ - (got \(id.debugDescription))"
            )
        }
        guard (1...64).contains(name.count) else {
            throw CentralError(.invalidConfiguration, "station name must be 1–64 characters")
        }
        guard TimeZone(identifier: timeZone) != nil else {
            throw CentralError(.invalidConfiguration, "unknown time zone \(timeZone)")
        }
        guard (32...64).contains(secret.count) else {
            throw CentralError(.invalidConfiguration, "the station secret must be 32–64 bytes")
        }
    }
}
