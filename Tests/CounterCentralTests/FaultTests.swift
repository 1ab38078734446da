import CounterStore
import Foundation
import GRDB
import HukouTestSupport
import Testing

@testable import CounterCentral

/// The central server going away, crashing or refusing a batch while the station keeps working: afterwards every
/// station row is centrally exactly once, in order, and nothing is lost at the station.
@Suite(.serialized, .enabled(if: PrivatePostgres.shouldRun, "needs PostgreSQL (scripts/install-deps.sh --test)"))
struct FaultTests {
    /// Every row 1…N of the station, once each, in order.
    static func expectExactCopy(_ server: PrivatePostgres, _ store: CounterStore, station: String) async throws {
        let rows = try await store.auditEntries().count
        let summary = try server.psql(
            """
            SELECT count(*) || ' ' || count(DISTINCT seq) || ' ' || min(seq) || ' ' || max(seq)
            FROM hukou_central.events WHERE station_id = '\(station)'
            """
        )
        #expect(summary == "\(rows) \(rows) 1 \(rows)")
        #expect(try await store.verifyAudit().isIntact)
    }

    static func client(_ server: PrivatePostgres) async throws -> CentralClient {
        try await CentralClient.connect(try CentralDatabase(url: server.url), logger: CentralFixtures.quiet)
    }

    @Test func serverStoppedAndRestartedMidStream() async throws {
        let (server, first) = try await CentralFixtures.central(stations: ["s1"])
        defer { server.stop() }
        await first.close()
        let (store, _) = try CentralFixtures.store()
        let replicator = try CentralFixtures.replicator(store, station: "s1", url: server.url, batchSize: 5)
        let task = Task { await replicator.replicate() }
        try await CentralFixtures.work(store, count: 10)
        try await server.stopServer()
        // The station keeps serving while the district is down.
        try await CentralFixtures.work(store, count: 10)
        try await poll("the replicator to notice", within: .seconds(20)) { replicator.status.state == "failing" }
        #expect(replicator.status.backlog > 0)
        try await server.start()
        let client = try await Self.client(server)
        try await CentralFixtures.caughtUp(store, client, station: "s1")
        #expect(replicator.status.lastError == nil)
        task.cancel()
        await task.value
        try await Self.expectExactCopy(server, store, station: "s1")
        await client.close()
    }

    @Test func serverKilledMidStreamRecovers() async throws {
        let (server, first) = try await CentralFixtures.central(stations: ["s1"])
        defer { server.stop() }
        let (store, _) = try CentralFixtures.store()
        let replicator = try CentralFixtures.replicator(store, station: "s1", url: server.url, batchSize: 3)
        let task = Task { await replicator.replicate() }
        let work = Task { try await CentralFixtures.work(store, count: 30) }
        // Watched over the test's own connection (a psql process every few milliseconds would load the machine).
        try await poll("some rows to arrive", within: .seconds(20)) {
            ((try? await first.eventCount(station: "s1")) ?? 0) > 10
        }
        try await server.crash()
        await first.close()
        try await work.value
        try await server.start()
        let client = try await Self.client(server)
        do {
            try await CentralFixtures.caughtUp(store, client, station: "s1")
        } catch {
            Issue.record("\(error); replicator: \(replicator.status)")
        }
        task.cancel()
        await task.value
        try await Self.expectExactCopy(server, store, station: "s1")
        await client.close()
    }

    @Test func unansweredBatchTimesOut() async throws {
        let (server, client) = try await CentralFixtures.central(stations: ["s1"])
        defer { server.stop() }
        let (store, _) = try CentralFixtures.store()
        try await CentralFixtures.work(store, count: 2)
        let backend = try #require(try await client.scalar(sql: "SELECT pg_backend_pid()", as: Int32.self))
        // The server process serving this connection stops answering (as behind a dead link).
        kill(backend, SIGSTOP)
        defer { kill(backend, SIGCONT) }
        let payload = try CentralBatch(
            station: "s1",
            batch: try await store.outboxBatch(after: 0, limit: 10),
            staffNumber: { _ in nil }
        ).payload()
        let started = ContinuousClock.now
        let error = await #expect(throws: CentralError.self) {
            _ = try await client.ingest(
                station: "s1",
                payload: payload,
                mac: String(repeating: "0", count: 64),
                timeout: .seconds(1)
            )
        }
        #expect(error?.code == .connectionFailed)
        #expect(ContinuousClock.now - started < .seconds(10))
        kill(backend, SIGCONT)
        await client.close()
    }

    @Test func rejectedBatchHoldsUntilTheServerAcceptsIt() async throws {
        let (server, client) = try await CentralFixtures.central(stations: ["s1"])
        defer { server.stop() }
        let (store, _) = try CentralFixtures.store()
        try await CentralFixtures.work(store, count: 6)
        try server.psql(
            """
            CREATE FUNCTION refuse_seq_20() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.seq = 20 THEN RAISE EXCEPTION 'row 20 refused by policy'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_20 BEFORE INSERT ON hukou_central.events
                FOR EACH ROW EXECUTE FUNCTION refuse_seq_20();
            """
        )
        let replicator = try CentralFixtures.replicator(store, station: "s1", url: server.url, batchSize: 4)
        let task = Task { await replicator.replicate() }
        try await poll("the refusal to show", within: .seconds(20)) {
            (replicator.status.lastError ?? "").contains("row 20 refused")
        }
        // Everything before the refused batch is in; nothing after it, and nothing twice.
        #expect(try server.psql("SELECT max(seq) FROM hukou_central.events") == "16")
        #expect(try await store.outboxStatus(target: ReplicatorConfiguration.target).ackedSeq == 16)
        try server.psql("DROP TRIGGER refuse_20 ON hukou_central.events")
        try await CentralFixtures.caughtUp(store, client, station: "s1")
        task.cancel()
        await task.value
        try await Self.expectExactCopy(server, store, station: "s1")
        await client.close()
    }

    @Test func truncatedForkedAndEditedLogsAreNamed() async throws {
        let (server, client) = try await CentralFixtures.central(stations: ["s1"])
        defer { server.stop() }
        let (store, path) = try CentralFixtures.store()
        try await CentralFixtures.work(store, count: 6)
        let earlier = Int64(try await store.auditEntries().count)
        let old = try Self.backup(path)
        try await CentralFixtures.work(store, count: 3)
        try await CentralFixtures.replicateAll(store, station: "s1", server: server, client: client)
        let rows = Int64(try await store.auditEntries().count)
        #expect(
            try await client.verifyAnchor(of: store, station: "s1")
                == .matches(localRows: Int(rows), anchoredThrough: rows)
        )

        // An older copy put back in place: its chain verifies on its own, but the anchor knows the rows it lacks.
        let restored = try CounterStore(path: old)
        #expect(try await restored.verifyAudit().isIntact)
        #expect(
            try await client.verifyAnchor(of: restored, station: "s1")
                == .truncated(localEnd: earlier, centralHead: rows)
        )
        // The same copy carrying on with new taps (a fork, chained with the key): named at its first new row.
        _ = try await restored.submitTap(CentralFixtures.tap())
        #expect(try await restored.verifyAudit().isIntact)
        #expect(try await client.verifyAnchor(of: restored, station: "s1") == .diverged(seq: earlier + 1))

        // Rows deleted from the end with the triggers dropped: truncated.
        let cut = try CounterStore(path: try Self.backup(path, tamper: "DELETE FROM audit_log WHERE seq > \(rows - 3)"))
        #expect(
            try await client.verifyAnchor(of: cut, station: "s1") == .truncated(localEnd: rows - 3, centralHead: rows)
        )

        // A row edited in place (its hash left alone): the hashes still match the anchor; the station's own chain
        // check names the row.
        let edited = try CounterStore(
            path: try Self.backup(path, tamper: "UPDATE audit_log SET details = 'ticket=Z999' WHERE seq = 5")
        )
        let verdict = try await client.verifyAnchor(of: edited, station: "s1")
        #expect(
            verdict
                == .localChainBroken(
                    .broken(firstBadSeq: 5, reason: "hash does not match the row's content (row altered)")
                )
        )
        await client.close()
    }

    /// A copy of the database at `path` (with its key), after `tamper` ran on it with the append-only triggers
    /// dropped, as someone with the file would do; returns the copy's path.
    static func backup(_ path: String, tamper: String? = nil) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tamper-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let copy = directory.appendingPathComponent("counter.sqlite").path
        let source = try DatabaseQueue(path: path)
        let target = try DatabaseQueue(path: copy)
        try source.backup(to: target)
        try FileManager.default.copyItem(atPath: path + ".key", toPath: copy + ".key")
        if let tamper {
            try target.write { db in
                try db.execute(sql: "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; \(tamper)")
            }
        }
        try target.close()
        return copy
    }
}

/// TLS to the central server: used when the server offers it, verified against the district's CA.
@Suite(
    .serialized,
    .enabled(if: PrivatePostgres.shouldRun, "needs PostgreSQL (scripts/install-deps.sh --test)")
)
struct CentralTLSTests {
    @Test func batchesTravelOverVerifiedTLS() async throws {
        let server = try PrivatePostgres()
        defer { server.stop() }
        let files = try server.makeCertificates()
        try await server.start(tlsCertificate: files.certificate, key: files.key)
        let admin = try await CentralClient.connect(try CentralDatabase(url: server.url), logger: CentralFixtures.quiet)
        try await admin.migrate()
        try await admin.register(
            station: StationRegistration(
                id: "s1",
                name: "甲",
                timeZone: "Asia/Shanghai",
                secret: CentralFixtures.secret(1)
            ),
            replace: false
        )
        let (store, _) = try CentralFixtures.store()
        try await CentralFixtures.work(store, count: 4)
        for mode in ["prefer", "require"] {
            let url = server.tcpURL(sslmode: mode, rootCertificate: files.ca)
            let client = try await CentralClient.connect(try CentralDatabase(url: url), logger: CentralFixtures.quiet)
            let encrypted = try await client.scalar(
                sql: "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                as: Bool.self
            )
            #expect(encrypted == true, "sslmode=\(mode)")
            await client.close()
        }
        // The replicator over TLS.
        let replicator = try CentralFixtures.replicator(
            store,
            station: "s1",
            url: server.tcpURL(sslmode: "require", rootCertificate: files.ca)
        )
        let task = Task { await replicator.replicate() }
        try await CentralFixtures.caughtUp(store, admin, station: "s1")
        task.cancel()
        await task.value
        // A certificate that does not chain to a trusted root is refused, not used unverified.
        let untrusted = await #expect(throws: CentralError.self) {
            _ = try await CentralClient.connect(
                try CentralDatabase(url: server.tcpURL(sslmode: "require")),
                logger: CentralFixtures.quiet
            )
        }
        #expect(untrusted?.code == .connectionFailed)
        await admin.close()
    }
}
