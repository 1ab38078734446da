import CounterCentral
import CounterStore
import Crypto
import Foundation
import HukouText
import Logging
import NIOCore
import PostgresNIO

/// `hukou-bench central --pg URL`: replication of station audit logs into the district's central PostgreSQL,
/// measured against that server and beside a baseline in the same run (docs/performance.md, "Central replication").
///
/// 1. **Throughput**: the events of many stations sent through the replicator's own path (``CentralBatch`` payload,
///    HMAC under the station secret, ``CentralClient/ingest(station:payload:mac:)``), the stations concurrent, beside
///    a plain `COPY` of the same event rows into an identical table on the same server.
/// 2. **Lag**: a real store written at a steady rate of audit rows with a real ``Replicator`` (default settings)
///    running; per row, the time from its write to the moment the acknowledged watermark passed it.
/// 3. **Tap cost**: the same `submitTap` commits on a store whose replicator runs and on one without, interleaved.
///
/// The database must be fresh (no events yet); `scripts/bench-central.sh` makes a private server for the run.
enum CentralBenchmark {
    struct Options {
        var url: String?
        var events = 1_000_000
        var stations = 100
        var connections: Int?
        var batch = 500
        var lagSeconds = 60
        var rate = 200
        var taps = 5000
        var tapRate = 0
        var parts: Set<String> = ["throughput", "lag", "tap"]
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static let usage = """
        usage: hukou-bench central --pg URL [--events N] [--stations S] [--connections C] [--batch B]
                                   [--lag-seconds T] [--rate R] [--taps N] [--tap-rate R] [--only throughput|lag|tap]
        """

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        options.url = ProcessInfo.processInfo.environment["HUKOU_BENCH_PG"]
        var rest = arguments[...]
        func number(_ flag: String, _ range: ClosedRange<Int>) throws -> Int {
            guard let text = rest.popFirst(), let value = Int(text), range.contains(value) else {
                throw Failure("\(flag) needs a number in \(range.lowerBound)…\(range.upperBound)\n\(usage)")
            }
            return value
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--pg":
                guard let url = rest.popFirst() else { throw Failure("--pg needs a URL\n\(usage)") }
                options.url = url
            case "--events": options.events = try number(flag, 1...100_000_000)
            case "--stations": options.stations = try number(flag, 1...1000)
            case "--connections": options.connections = try number(flag, 1...1000)
            case "--batch": options.batch = try number(flag, 1...10_000)
            case "--lag-seconds": options.lagSeconds = try number(flag, 1...3600)
            case "--rate": options.rate = try number(flag, 1...5000)
            case "--taps": options.taps = try number(flag, 10...1_000_000)
            case "--tap-rate": options.tapRate = try number(flag, 0...100_000)
            case "--only":
                guard let part = rest.popFirst(), ["throughput", "lag", "tap"].contains(part) else {
                    throw Failure("--only takes throughput, lag or tap\n\(usage)")
                }
                options.parts = [part]
            default: throw Failure("unknown argument \(flag)\n\(usage)")
            }
        }
        return options
    }

    static func run(_ arguments: [String]) async throws {
        let options = try parse(arguments)
        guard let url = options.url else {
            print("skipped: needs a PostgreSQL server (--pg URL or HUKOU_BENCH_PG; scripts/bench-central.sh makes one)")
            return
        }
        let database = try CentralDatabase(url: url)
        let admin = try await PostgresConnection.connect(
            configuration: connectionConfiguration(database),
            id: 1,
            logger: quiet
        )
        let setup = try await CentralClient.connect(database, logger: quiet)
        try await setup.migrate()
        await setup.close()
        guard try await scalar(admin, "SELECT count(*) FROM hukou_central.events") == 0 else {
            throw Failure("the central database already holds events: run against a fresh one")
        }
        print(try await serverNotes(admin))
        if options.parts.contains("throughput") { try await throughput(options, database, admin) }
        if options.parts.contains("lag") { try await lag(options, database) }
        if options.parts.contains("tap") { try await tapCost(options, database) }
        try await admin.close()
    }

    // MARK: - 1. Throughput

    static func throughput(_ options: Options, _ database: CentralDatabase, _ admin: PostgresConnection) async throws {
        let perStation = max(1, options.events / options.stations)
        let total = perStation * options.stations
        let connections = min(options.connections ?? options.stations, options.stations)
        let started = ContinuousClock.now
        let template = try await TemplateDay.make(rows: perStation, batch: options.batch)
        print(
            "template station day: \(template.visits) visits through CounterStore (\(template.head) audit rows, "
                + "\(template.transactions) transaction snapshots in \(template.batches.count) batches of ≤ "
                + "\(options.batch)), built in \(seconds(since: started)) s"
        )

        let registration = try await CentralClient.connect(database, logger: quiet)
        let stations = (0..<options.stations).map { String(format: "bench-%04d", $0 + 1) }
        for (index, station) in stations.enumerated() {
            try await registration.register(
                station: self.registration(station, name: "基准派出所\(index + 1)"),
                replace: false
            )
        }
        await registration.close()

        let encodeStart = ContinuousClock.now
        var sends: [[Send]] = []
        for station in stations { sends.append(try template.station(station, secret: secret(station))) }
        let payloadBytes = sends.joined().reduce(0) { $0 + $1.payload.utf8.count }
        let copyBytes = sends.joined().reduce(0) { $0 + $1.copy.readableBytes }
        print(
            "\(options.stations) stations × \(perStation) events = \(total) events in "
                + "\(sends.joined().count) batches (\(payloadBytes / 1_048_576) MiB of JSON; encoded and "
                + "HMAC-signed beforehand as each station would, in \(seconds(since: encodeStart)) s, not timed)"
        )

        try await execute(admin, "DROP TABLE IF EXISTS central_copy_events")
        try await execute(
            admin,
            """
            CREATE TABLE central_copy_events (LIKE hukou_central.events INCLUDING ALL,
                FOREIGN KEY (station_id) REFERENCES hukou_central.stations)
            """
        )
        var clients: [CentralClient] = []
        for _ in 0..<connections { clients.append(try await CentralClient.connect(database, logger: quiet)) }
        try await execute(admin, "CHECKPOINT")
        // Rounds alternate (and which side goes first alternates), so both sides see the same load on a shared
        // machine: in round r every station sends its batches of that round, and COPY loads the same rows.
        let batchCount = sends.map(\.count).max() ?? 0
        let rounds = min(10, batchCount)
        var ingestSeconds = 0.0
        var copySeconds = 0.0
        for round in 0..<rounds {
            let batches = (round * batchCount / rounds)..<((round + 1) * batchCount / rounds)
            let buffers = sends.flatMap { $0[batches].map(\.copy) }
            if round.isMultiple(of: 2) {
                ingestSeconds += try await ingest(sends, batches, stations: stations, clients: clients)
                copySeconds += try await copy(buffers, admin)
            } else {
                copySeconds += try await copy(buffers, admin)
                ingestSeconds += try await ingest(sends, batches, stations: stations, clients: clients)
            }
        }
        for client in clients { await client.close() }
        let copied = try await scalar(admin, "SELECT count(*) FROM central_copy_events")
        guard copied == total else { throw Failure("COPY loaded \(copied) rows, not \(total)") }
        try await verify(admin, stations: options.stations, perStation: perStation)
        try await execute(admin, "DROP TABLE central_copy_events")

        let ingestRate = Double(total) / ingestSeconds
        let copyRate = Double(total) / copySeconds
        print(
            "ingest: \(options.stations) stations over \(connections) connections, batches of ≤ \(options.batch); "
                + "COPY: one connection, text format, \(copyBytes / 1_048_576) MiB, into a table LIKE "
                + "hukou_central.events INCLUDING ALL plus its foreign key; \(rounds) alternating rounds"
        )
        print("metric                          ingest         COPY           ratio    goal")
        print(
            "events/s".padding(toLength: 32, withPad: " ", startingAt: 0)
                + String(format: "%-15.0f%-15.0f%5.2f×   ≥ 0.50×", ingestRate, copyRate, ingestRate / copyRate)
        )
        print(
            "seconds".padding(toLength: 32, withPad: " ", startingAt: 0)
                + String(format: "%-15.2f%-15.2f", ingestSeconds, copySeconds)
        )
        print("throughput goal (≥ 0.5× COPY): \(ingestRate >= 0.5 * copyRate ? "met" : "NOT met")")
    }

    /// One prepared batch of one station: the JSON payload, its MAC, the last row it carries, and its event rows
    /// as `COPY` text for the baseline.
    struct Send: Sendable {
        var payload: String
        var mac: String
        var last: Int64
        var copy: ByteBuffer
    }

    /// Every station sends its batches of `batches` in order; station `i` uses connection `i % clients.count`, and a
    /// connection serving several stations sends one batch of each in turn. Returns the seconds taken.
    static func ingest(
        _ sends: [[Send]],
        _ batches: Range<Int>,
        stations: [String],
        clients: [CentralClient]
    ) async throws -> Double {
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, client) in clients.enumerated() {
                let mine = Array(stride(from: index, to: stations.count, by: clients.count))
                group.addTask {
                    for batch in batches {
                        for station in mine where batch < sends[station].count {
                            let send = sends[station][batch]
                            let head = try await client.ingest(
                                station: stations[station],
                                payload: send.payload,
                                mac: send.mac
                            )
                            guard head == send.last else {
                                throw Failure("\(stations[station]): head \(head) after a batch ending at \(send.last)")
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        return StoreBenchmark.milliseconds(ContinuousClock.now - start) / 1000
    }

    /// One `COPY … FROM STDIN` of `text` into the baseline table; returns the seconds taken.
    static func copy(_ text: [ByteBuffer], _ admin: PostgresConnection) async throws -> Double {
        let start = ContinuousClock.now
        try await admin.copyFrom(
            table: "central_copy_events",
            columns: ["station_id", "seq", "at_ms", "action", "transaction_id", "staff_number", "hash", "prev_hash"],
            logger: quiet
        ) { writer in
            for buffer in text { try await writer.write(buffer) }
        }
        return StoreBenchmark.milliseconds(ContinuousClock.now - start) / 1000
    }

    /// The central copy holds exactly `perStation` events of every station, numbered 1… without a gap, each linked
    /// to its predecessor's hash, and every station's head is its last row.
    static func verify(_ admin: PostgresConnection, stations: Int, perStation: Int) async throws {
        let total = try await scalar(admin, "SELECT count(*) FROM hukou_central.events")
        let bad = try await scalar(
            admin,
            """
            SELECT count(*) FROM (SELECT station_id FROM hukou_central.events GROUP BY station_id
                HAVING min(seq) <> 1 OR max(seq) <> count(*) OR count(*) <> \(perStation)) x
            """
        )
        let unlinked = try await scalar(
            admin,
            """
            SELECT count(*) FROM hukou_central.events e JOIN hukou_central.events p
                ON p.station_id = e.station_id AND p.seq = e.seq - 1 WHERE e.prev_hash <> p.hash
            """
        )
        let heads = try await scalar(
            admin,
            "SELECT count(*) FROM hukou_central.stations WHERE station_id LIKE 'bench-%' AND head_seq = \(perStation)"
        )
        print(
            "check: \(total) events centrally (expected \(stations * perStation)); stations not contiguous 1…"
                + "\(perStation): \(bad); rows not linked to their predecessor: \(unlinked); heads at \(perStation): "
                + "\(heads)/\(stations)"
        )
        guard total == stations * perStation, bad == 0, unlinked == 0, heads == stations else {
            throw Failure("the central copy is not exactly the stations' events")
        }
    }

    /// A bench station as registered centrally.
    static func registration(_ station: String, name: String) -> StationRegistration {
        StationRegistration(id: station, name: name, timeZone: "Asia/Chongqing", secret: secret(station))
    }

    /// A bench station's shared secret, derived from its id.
    static func secret(_ station: String) -> [UInt8] {
        Array(SHA256.hash(data: Data("hukou-bench-central-\(station)".utf8)))
    }

    // MARK: - 2. Lag under a steady write rate

    static func lag(_ options: Options, _ database: CentralDatabase) async throws {
        let station = "bench-lag"
        let (store, directory) = try await stationStore(station, database)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let replicator = replicator(store, station: station, database)
        let replicating = Task { try await replicator.run() }
        // Wait for the replicator's first look at the central head, so its connection is not in the figures.
        while replicator.status.state == "connecting" { try await Task.sleep(for: .milliseconds(10)) }

        let watcher = AckWatcher(store: store)
        let watching = Task { try await watcher.watch() }
        let interval = Duration.nanoseconds(1_000_000_000 / Int64(options.rate))
        let clock = ContinuousClock()
        let start = clock.now
        let end = start + .seconds(options.lagSeconds)
        var slot = 0
        var late = 0
        var visit = 0
        let pace: () async throws -> Void = {
            let due = start + interval * slot
            slot += 1
            if due > clock.now { try await Task.sleep(until: due, clock: clock) } else { late += 1 }
        }
        while clock.now < end {
            visit += 1
            try await Workload.visit(store, visit, before: pace)
        }
        let written = StoreBenchmark.milliseconds(clock.now - start) / 1000
        let head = try await store.outboxStatus(target: ReplicatorConfiguration.target).headSeq
        let caughtUp = clock.now + .seconds(60)
        while try await store.outboxStatus(target: ReplicatorConfiguration.target).ackedSeq < head {
            guard clock.now < caughtUp else { throw Failure("the replicator did not catch up within 60 s") }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(20))
        watching.cancel()
        let acks = try await watching.value
        replicating.cancel()
        _ = try? await replicating.value

        let entries = try await store.auditEntries()
        var lags: [Double] = []
        var next = 0
        for entry in entries.sorted(by: { $0.seq < $1.seq }) {
            while next < acks.count, acks[next].seq < entry.seq { next += 1 }
            guard next < acks.count else { throw Failure("row \(entry.seq) was never seen acknowledged") }
            lags.append(acks[next].at.timeIntervalSince(entry.at) * 1000)
        }
        let p50 = StoreBenchmark.percentile(lags, 0.5)
        let p99 = StoreBenchmark.percentile(lags, 0.99)
        let max = StoreBenchmark.percentile(lags, 1)
        print(
            "lag: one station store written through the store API at \(options.rate) audit rows/s for "
                + "\(options.lagSeconds) s (\(entries.count) rows, \(String(format: "%.1f", Double(entries.count) / written)) "
                + "rows/s achieved, \(late) actions started late), a Replicator with the default settings (poll "
                + "100 ms, batches of ≤ 500); acknowledgements seen by polling the watermark every 5 ms "
                + "(\(acks.count) rises)"
        )
        print(
            "lag from the row's write (at_ms) to its acknowledgement: p50 \(ms(p50)) ms, p99 \(ms(p99)) ms, "
                + "max \(ms(max)) ms (goal p99 ≤ 1000 ms: \(p99 <= 1000 ? "met" : "NOT met"))"
        )
    }

    /// Records, every 5 ms, the moment the store's acknowledged watermark rose and to which row.
    final class AckWatcher: Sendable {
        let store: CounterStore
        init(store: CounterStore) { self.store = store }

        func watch() async throws -> [(seq: Int64, at: Date)] {
            var acks: [(seq: Int64, at: Date)] = []
            var last: Int64 = 0
            while !Task.isCancelled {
                let acked: Int64
                do {
                    acked = try await store.outboxStatus(target: ReplicatorConfiguration.target).ackedSeq
                } catch is CancellationError {
                    break  // the store's reads stop when the task is cancelled: that is the end of the watch
                }
                if acked > last {
                    acks.append((acked, Date()))
                    last = acked
                }
                try? await Task.sleep(for: .milliseconds(5))
            }
            return acks
        }
    }

    // MARK: - 3. A tap's commit with replication on and off

    static func tapCost(_ options: Options, _ database: CentralDatabase) async throws {
        let station = "bench-tap"
        let (on, onDirectory) = try await stationStore(station, database)
        defer { try? FileManager.default.removeItem(atPath: onDirectory) }
        let offDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hukou-bench-central-off-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: offDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: offDirectory) }
        let off = try CounterStore(path: offDirectory + "/counter.sqlite")
        let replicator = replicator(on, station: station, database)
        let replicating = Task { try await replicator.run() }
        while replicator.status.state == "connecting" { try await Task.sleep(for: .milliseconds(10)) }

        for index in 0..<100 {
            _ = try await on.submitTap(StoreBenchmark.tap(index))
            _ = try await off.submitTap(StoreBenchmark.tap(index))
        }
        let taps = (100..<(100 + options.taps)).map(StoreBenchmark.tap)
        var onTimes: [Double] = []
        var offTimes: [Double] = []
        var cpuOn = 0.0
        var cpuOff = 0.0
        let clock = ContinuousClock()
        let start = clock.now
        let interval = options.tapRate > 0 ? Duration.nanoseconds(1_000_000_000 / Int64(options.tapRate)) : nil
        for (index, tap) in taps.enumerated() {
            if let interval {
                let due = start + interval * index
                if due > clock.now { try await Task.sleep(until: due, clock: clock) }
            }
            if index.isMultiple(of: 2) {
                onTimes.append(try await StoreBenchmark.timed(&cpuOn) { _ = try await on.submitTap(tap) })
                offTimes.append(try await StoreBenchmark.timed(&cpuOff) { _ = try await off.submitTap(tap) })
            } else {
                offTimes.append(try await StoreBenchmark.timed(&cpuOff) { _ = try await off.submitTap(tap) })
                onTimes.append(try await StoreBenchmark.timed(&cpuOn) { _ = try await on.submitTap(tap) })
            }
        }
        let head = try await on.outboxStatus(target: ReplicatorConfiguration.target).headSeq
        let deadline = clock.now + .seconds(60)
        while try await on.outboxStatus(target: ReplicatorConfiguration.target).ackedSeq < head {
            guard clock.now < deadline else { throw Failure("the replicator did not catch up within 60 s") }
            try await Task.sleep(for: .milliseconds(20))
        }
        replicating.cancel()
        _ = try? await replicating.value

        let pace = options.tapRate > 0 ? "pairs started \(options.tapRate)/s" : "back to back"
        print(
            "tap: \(options.taps) submitTap commits on each of two stores, interleaved one-for-one (\(pace)); "
                + "\"on\" has a Replicator (default settings) sending to the server meanwhile, \"off\" has none"
        )
        print("metric                           on             off            ratio    goal")
        for (label, p, goal) in [("p50", 0.5, "≤ 1.20×"), ("p90", 0.9, ""), ("p99", 0.99, "≤ 1.20×"), ("max", 1.0, "")]
        {
            let a = StoreBenchmark.percentile(onTimes, p)
            let b = StoreBenchmark.percentile(offTimes, p)
            print(StoreBenchmark.row("tap-to-commit \(label) (ms)", a, b, a / b, goal, width: 32))
        }
        let a = cpuOn / Double(options.taps) * 1e6
        let b = cpuOff / Double(options.taps) * 1e6
        print(StoreBenchmark.row("process CPU per commit (µs)", a, b, a / b, "", width: 32))
        let p50 = StoreBenchmark.percentile(onTimes, 0.5) / StoreBenchmark.percentile(offTimes, 0.5)
        let p99 = StoreBenchmark.percentile(onTimes, 0.99) / StoreBenchmark.percentile(offTimes, 0.99)
        print(
            "tap cost goal (≤ 1.2× with replication on): p50 \(p50 <= 1.2 ? "met" : "NOT met"), "
                + "p99 \(p99 <= 1.2 ? "met" : "NOT met")"
        )
    }

    // MARK: - Set-up

    /// A new station store in a temporary directory, registered centrally as `station`.
    static func stationStore(_ station: String, _ database: CentralDatabase) async throws -> (CounterStore, String) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hukou-bench-central-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let client = try await CentralClient.connect(database, logger: quiet)
        try await client.register(station: registration(station, name: station), replace: false)
        await client.close()
        return (try CounterStore(path: directory + "/counter.sqlite"), directory)
    }

    /// The daemon's replicator with its default settings (poll 100 ms, batches of 500) and a district key.
    static func replicator(_ store: CounterStore, station: String, _ database: CentralDatabase) -> Replicator {
        Replicator(
            store: store,
            configuration: ReplicatorConfiguration(
                database: database,
                station: station,
                secret: secret(station),
                subjectKey: Array(SHA256.hash(data: Data("hukou-bench-district".utf8)))
            ),
            staffNumber: Workload.staffNumber,
            logger: quiet
        )
    }

    static func connectionConfiguration(_ database: CentralDatabase) -> PostgresConnection.Configuration {
        if let directory = database.socketDirectory {
            return PostgresConnection.Configuration(
                unixSocketPath: directory + "/.s.PGSQL.\(database.port)",
                username: database.user,
                password: database.password,
                database: database.database
            )
        }
        return PostgresConnection.Configuration(
            host: database.host,
            port: database.port,
            username: database.user,
            password: database.password,
            database: database.database,
            tls: .disable
        )
    }

    static func execute(_ connection: PostgresConnection, _ sql: String) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quiet)
    }

    static func scalar(_ connection: PostgresConnection, _ sql: String) async throws -> Int {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quiet)
        for try await value in rows.decode(Int.self) { return value }
        throw Failure("no answer to \(sql)")
    }

    static func text(_ connection: PostgresConnection, _ sql: String) async throws -> String {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quiet)
        for try await value in rows.decode(String.self) { return value }
        throw Failure("no answer to \(sql)")
    }

    /// The server's version and the settings that decide write cost.
    static func serverNotes(_ admin: PostgresConnection) async throws -> String {
        let version = try await text(admin, "SELECT version()")
        var settings: [String] = []
        for name in ["fsync", "synchronous_commit", "full_page_writes", "shared_buffers", "max_wal_size", "wal_level"] {
            settings.append("\(name)=\(try await text(admin, "SELECT current_setting('\(name)')"))")
        }
        return "server: \(version.prefix(while: { $0 != "," }))\nsettings: \(settings.joined(separator: ", "))"
    }

    static let quiet: Logger = {
        var logger = Logger(label: "hukou-bench.central")
        logger.logLevel = .critical
        return logger
    }()

    static func seconds(since start: ContinuousClock.Instant) -> String {
        String(format: "%.1f", StoreBenchmark.milliseconds(ContinuousClock.now - start) / 1000)
    }

    static func ms(_ value: Double) -> String { String(format: "%.0f", value) }
}
