import Foundation
import HukouTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Whether the central store's process tests run: PostgreSQL and the sqlite3 shell are installed, and always under
/// `CI=true` (where a missing prerequisite fails the test instead of skipping it).
let centralTestsRun =
    PrivatePostgres.shouldRun
    && (FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")
        || ProcessInfo.processInfo.environment["CI"] == "true")

/// The district's central PostgreSQL, as an operator sets it up: a private server, `hukou central migrate`, and
/// stations registered with `hukou central register --create-secret`. ``stop()`` stops the server by its PID.
final class CentralRig {
    let server: PrivatePostgres
    let scratch: ScratchDirectory

    var url: String { server.url }

    private init(server: PrivatePostgres, scratch: ScratchDirectory) {
        self.server = server
        self.scratch = scratch
    }

    /// A fresh server with the schema migrated by the real `hukou central migrate`.
    static func start(_ label: String) async throws -> CentralRig {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "sqlite3 is missing")
        if let reason = PrivatePostgres.unavailableReason { throw TestHarnessError(reason) }
        let server = try PrivatePostgres()
        let rig = CentralRig(server: server, scratch: try ScratchDirectory(label))
        do {
            try await server.start()
            let migrated = try await hukou("central", "migrate", "--pg", server.url, timeout: .seconds(60))
            guard migrated.status == 0, migrated.stdout.contains("version 1") else {
                throw TestHarnessError("central migrate: \(migrated.status) \(migrated.stdout) \(migrated.stderr)")
            }
        } catch {
            rig.stop()
            throw error
        }
        return rig
    }

    /// Registers `station` with the secret in `secretFile`: a new one written there (mode 0600) with
    /// `createSecret`; `replace` rotates the secret of a registered station.
    func register(
        _ station: String,
        name: String,
        secretFile: String,
        createSecret: Bool = true,
        replace: Bool = false
    ) async throws {
        var arguments = ["central", "register", "--pg", url, "--station", station, "--name", name]
        arguments += ["--secret-file", secretFile]
        if createSecret { arguments.append("--create-secret") }
        if replace { arguments.append("--replace") }
        let result = try await runCommand(HukouBinary.path, arguments)
        guard result.status == 0, result.stdout.contains("registered \(station)") else {
            throw TestHarnessError("central register \(station): \(result.status) \(result.stdout) \(result.stderr)")
        }
    }

    /// The station's head as the central copy holds it.
    func head(_ station: String) throws -> Int64 {
        Int64(try server.psql("SELECT head_seq FROM hukou_central.stations WHERE station_id = '\(station)'")) ?? -1
    }

    /// Count, distinct sequence numbers, first and last of the station's central events (`count|distinct|min|max`).
    func eventSummary(_ station: String) throws -> String {
        try server.psql(
            """
            SELECT count(*), count(DISTINCT seq), COALESCE(min(seq), 0), COALESCE(max(seq), 0)
            FROM hukou_central.events WHERE station_id = '\(station)'
            """
        )
    }

    /// The station's central chain: `seq:hash` of every event, in sequence order, comma-separated.
    func chain(_ station: String) throws -> String {
        try server.psql(
            """
            SELECT COALESCE(string_agg(seq::text || ':' || encode(hash, 'hex'), ',' ORDER BY seq), '')
            FROM hukou_central.events WHERE station_id = '\(station)'
            """
        )
    }

    /// Makes the server take `milliseconds` over each event it stores (a slow district server), so that a stream of
    /// batches lasts long enough to be cut in the middle.
    func slowDown(milliseconds: Int) throws {
        try server.psql(
            """
            CREATE FUNCTION public.slow_row() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_sleep(\(Double(milliseconds) / 1000)); RETURN NEW; END $$;
            CREATE TRIGGER slow_row BEFORE INSERT ON hukou_central.events
                FOR EACH ROW EXECUTE FUNCTION public.slow_row();
            """
        )
    }

    /// Stops the server (if it runs) by its PID and removes its folder and the rig's.
    func stop() {
        server.stop()
        scratch.remove()
    }
}

/// The replication part of `hukou daemon --status`.
struct ReplicationReply: Decodable {
    var state: String
    var ackedSeq: Int64
    var headSeq: Int64
    var backlog: Int64
    var lastError: String?
}

/// One station with `[central]` in its configuration: its own folder, database, control socket, roster, hall (for
/// the evaluation pad) and `hukou daemon`, started and stopped by PID.
final class CentralStation {
    let id: String
    let scratch: ScratchDirectory
    let intents: ProcessIntents
    let db: String
    let socket: String
    let secretFile: String
    let webPort: Int
    /// The configuration with `[central]`; ``plainConfig`` is the same without it.
    let config: String
    let plainConfig: String
    private(set) var daemon: DaemonProcess?
    private var nonces = 0
    static let padToken = "pad-token-window-1-central-0123"
    /// The applicant in every signed intent: never to be seen centrally, full or masked.
    static let name = "欧阳娜娜"
    static let idNumber = "110101199003070011"
    static let personalTexts = [name, "欧阳", idNumber, "110***********0011"]

    /// Registers `id` at `rig` (the secret written into the station's folder) and writes its configuration files.
    init(_ id: String, name: String, rig: CentralRig, batchSize: Int = 7, folder: String? = nil) async throws {
        self.id = id
        scratch = try ScratchDirectory(folder ?? id)
        intents = try ProcessIntents(scratch: scratch)
        db = scratch.path("counter.sqlite")
        socket = scratch.path("control.sock")
        secretFile = scratch.path("central.secret")
        webPort = try freeLoopbackPort()
        config = scratch.path("counter.toml")
        plainConfig = scratch.path("plain.toml")
        try await rig.register(id, name: name, secretFile: secretFile)
        let common = """
            [store]
            database = "counter.sqlite"

            [intent]
            trusted_keys = "\(intents.trustedKeysPath)"

            [readers]
            bind = ["sim:window1@1", "sim:window2@2"]

            [web]
            listen = "127.0.0.1"
            port = \(webPort)
            station_name = "\(name)"

            [web.pad_tokens]
            1 = "\(Self.padToken)"

            [[staff]]
            login = "\(NSUserName())"
            name = "王警官"
            number = "010001"
            role = "clerk"
            windows = [1, 2]

            """
        try common.write(toFile: plainConfig, atomically: true, encoding: .utf8)
        let central = """

            [central]
            url = "\(rig.url)"
            station = "\(id)"
            secret_file = "central.secret"
            batch_size = \(batchSize)
            """
        try (common + central).write(toFile: config, atomically: true, encoding: .utf8)
    }

    /// Starts `hukou daemon` (with `[central]` unless `central` is false) and waits until it answers.
    func start(central: Bool = true) async throws {
        daemon = try await DaemonProcess(
            arguments: ["--config", central ? config : plainConfig],
            socketPath: socket,
            logPath: scratch.path("daemon.log")
        )
    }

    /// Starts `hukou daemon` with `[central]` without waiting for it (the SIGKILL test kills it mid-stream).
    func spawn() throws -> SpawnedProcess {
        try SpawnedProcess(
            HukouBinary.path,
            ["daemon", "--control", socket, "--config", config],
            stdinPath: nil,
            stdoutPath: scratch.path("daemon.log"),
            stderrPath: scratch.path("daemon.log")
        )
    }

    /// Stops the daemon gracefully; returns its exit status.
    @discardableResult
    func stop() async -> Int32 {
        guard let daemon else { return 0 }
        self.daemon = nil
        return await daemon.stop(signal: SIGTERM)
    }

    /// Kills the daemon if it still runs and removes the folder (for `defer`).
    func remove() {
        daemon?.killNow()
        daemon = nil
        scratch.remove()
    }

    var log: String { daemon?.log(tail: 40) ?? "" }

    /// A fresh nonce for a signed intent (16–64 base64url characters).
    func nextNonce() -> String {
        nonces += 1
        return "\(id)-\(nonces)-\(UUID().uuidString.prefix(18))"
    }

    /// Taps `count` distinct signed phone intents on window 1; returns their transaction ids.
    @discardableResult
    func tapPhones(_ count: Int) async throws -> [Int64] {
        var ids: [Int64] = []
        for _ in 0..<count {
            let hex = try await intents.phone(nonce: nextNonce(), name: Self.name)
            ids.append(try await tapPhone(hex, window: 1, socket: socket).transactionID)
        }
        return ids
    }

    /// A tap that must answer within `limit` (the tap path must not wait for the central store).
    func timedTap(within limit: Duration) async throws -> (id: Int64, took: Duration) {
        let hex = try await intents.phone(nonce: nextNonce(), name: Self.name)
        let started = ContinuousClock.now
        let reply = try await tapPhone(hex, window: 1, socket: socket)
        let took = ContinuousClock.now - started
        #expect(took < limit, "a tap took \(took) at \(id)")
        return (reply.transactionID, took)
    }

    /// Runs `hukou counter` at window 1 with `lines` typed (then 退出) as the roster's clerk; returns its output.
    @discardableResult
    func clerk(_ lines: [String]) async throws -> String {
        let result = try await hukou(
            "counter",
            "--config",
            plainConfig,
            "--db",
            db,
            "--window",
            "1",
            "--lang",
            "zh",
            stdin: (lines + ["退出"]).joined(separator: "\n") + "\n",
            timeout: .seconds(60)
        )
        guard result.status == 0 else { throw TestHarnessError("counter: \(result.status) \(result.stderr)") }
        return result.stdout
    }

    /// A day of work on `ids` (tapped on window 1, in order): every one but the last confirmed, the last rejected;
    /// `completed` of them called, started and completed; one more called and marked no-show; the rest wait.
    func serve(_ ids: [Int64], completed: Int) async throws {
        var lines = ids.dropLast().map { "确认 \($0)" }
        lines.append("退回 \(ids[ids.count - 1]) 材料不全")
        for _ in 0..<completed {
            // A second 办结 confirms completing with materials not ticked off.
            lines += ["叫号", "开始", "办结", "办结"]
        }
        lines += ["叫号", "过号"]
        try await clerk(lines)
    }

    /// Posts an evaluation as the window pad does; returns the HTTP status.
    func evaluate(_ transaction: Int64, level: String, reasons: [String] = []) async throws -> Int {
        let reasonList = reasons.map { "\"\($0)\"" }.joined(separator: ",")
        let body = #"{"transactionID":\#(transaction),"level":"\#(level)","reasons":[\#(reasonList)]}"#
        let reply = try await httpRequest(
            "http://127.0.0.1:\(webPort)/api/v1/window/1/evaluation",
            method: "POST",
            headers: ["X-Pad-Token": Self.padToken, "Content-Type": "application/json"],
            body: Data(body.utf8)
        )
        return reply.status
    }

    /// The replication part of `hukou daemon --status`.
    func replication() async throws -> ReplicationReply {
        let result = try await hukou("daemon", "--status", "--control", socket, timeout: .seconds(10))
        guard result.status == 0 else { throw TestHarnessError("daemon --status: \(result.stderr)") }
        struct Status: Decodable { var replication: ReplicationReply? }
        guard let replication = try JSONDecoder().decode(Status.self, from: Data(result.stdout.utf8)).replication
        else { throw TestHarnessError("no replication in the status: \(result.stdout)") }
        return replication
    }

    /// Waits until the daemon reports everything acknowledged (idle, backlog 0, its head the audit log's last row)
    /// and the central copy's head is that row.
    func waitCaughtUp(_ rig: CentralRig, within limit: Duration = .seconds(60)) async throws {
        var last = ""
        do {
            try await poll("\(id) to catch up", within: limit) {
                guard let status = try? await replication(), let local = try? await auditHead() else { return false }
                last = "\(status) local \(local) central \((try? rig.head(id)) ?? -1)"
                return status.state == "idle" && status.backlog == 0 && status.headSeq == local
                    && status.ackedSeq == local && (try? rig.head(id)) == local
            }
        } catch {
            throw TestHarnessError("\(error): \(last); log: \(log)")
        }
    }

    /// The station's last audit row (0 for none), read with sqlite3.
    func auditHead(of path: String? = nil) async throws -> Int64 {
        Int64(try await sqlite("SELECT COALESCE(MAX(seq), 0) FROM audit_log", path: path)) ?? -1
    }

    /// The station's chain as ``CentralRig/chain(_:)`` prints the central one.
    func chain() async throws -> String {
        try await sqlite(
            "SELECT COALESCE(group_concat(seq || ':' || lower(hex(hash)), ','), '') FROM (SELECT seq, hash FROM audit_log ORDER BY seq)"
        )
    }

    /// The acknowledged high-water mark in the station's own database.
    func ackedSeq() async throws -> Int64 {
        Int64(try await sqlite("SELECT COALESCE(MAX(acked_seq), 0) FROM replication_state WHERE target = 'central'"))
            ?? -1
    }

    /// Runs `sql` with the sqlite3 shell on the station's database (or `path`); returns its output, trimmed.
    func sqlite(_ sql: String, path: String? = nil) async throws -> String {
        let result = try await runCommand("/usr/bin/sqlite3", ["-bail", path ?? db, sql])
        guard result.status == 0 else { throw TestHarnessError("sqlite3 \(sql): \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `hukou audit verify --db DB --central URL --station ID` on the station's database (or a copy).
    func verifyAgainstCentral(_ rig: CentralRig, db path: String? = nil) async throws -> CommandResult {
        try await hukou("audit", "verify", "--db", path ?? db, "--central", rig.url, "--station", id)
    }

    /// Checks that the central copy holds every station row exactly once, in order, identical, and that nothing
    /// was lost at the station: the chain verifies against the central copy and every row is acknowledged.
    func expectExactlyOnce(_ rig: CentralRig, _ context: String = "") async throws {
        let head = try await auditHead()
        #expect(head > 0, "\(id) has no audit rows")
        #expect(try rig.eventSummary(id) == "\(head)|\(head)|1|\(head)", "\(id) \(context)")
        #expect(try rig.chain(id) == (try await chain()), "\(id)'s central chain differs \(context)")
        #expect(try await ackedSeq() == head, "\(id) \(context)")
        let verified = try await verifyAgainstCentral(rig)
        #expect(verified.status == 0, "\(id) \(context): \(verified.stdout) \(verified.stderr)")
        #expect(verified.stdout.contains("intact: \(head) rows"), "\(verified.stdout)")
    }
}
