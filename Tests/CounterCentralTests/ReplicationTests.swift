import CounterStore
import CounterWeb
import Crypto
import Foundation
import HukouTestSupport
import Testing

@testable import CounterCentral

/// Replication into a real PostgreSQL of the test's own: exactly once, in order, authenticated, and the district's
/// figures equal to the station's.
@Suite(.serialized, .enabled(if: PrivatePostgres.shouldRun, "needs PostgreSQL (scripts/install-deps.sh --test)"))
struct ReplicationTests {
    @Test func migrationIsIdempotent() async throws {
        let (server, client) = try await CentralFixtures.central(stations: [])
        defer { server.stop() }
        #expect(try await client.schemaVersion() == 1)
        #expect(try await client.migrate().isEmpty)
        #expect(try server.psql("SELECT count(*) FROM hukou_central.schema_migrations") == "1")
        await client.close()
    }

    @Test func stationReplicatesExactlyOnceAndFiguresAgree() async throws {
        let (server, client) = try await CentralFixtures.central(stations: ["s1"])
        defer { server.stop() }
        let (store, _) = try CentralFixtures.store()
        try await CentralFixtures.work(store, count: 40)
        let replicator = try CentralFixtures.replicator(store, station: "s1", url: server.url, batchSize: 17)
        let task = Task { await replicator.replicate() }
        try await CentralFixtures.caughtUp(store, client, station: "s1")
        // More work while it runs: the copy follows.
        try await CentralFixtures.work(store, count: 9)
        try await CentralFixtures.caughtUp(store, client, station: "s1")
        task.cancel()
        await task.value

        let local = try await store.auditEntries()
        #expect(try await client.eventCount(station: "s1") == local.count)
        let seqs = try server.psql("SELECT string_agg(seq::text, ',' ORDER BY seq) FROM hukou_central.events")
        #expect(seqs == (1...local.count).map(String.init).joined(separator: ","))
        #expect(try await client.verifyAnchor(of: store, station: "s1").isIntact)

        let day = store.stationDay()
        let station = try await StationStatistics.load(from: store, day: day)
        let central = try await client.districtStatistics(day: day, station: "s1")
        #expect(central.stations.first?.statistics == station)
        #expect(station.total.taps == 49)
        #expect(station.satisfaction.openBad > 0)
        // Staff appear as their number only; the pseudonym is there and keyed.
        #expect(try server.psql("SELECT count(DISTINCT staff_number) FROM hukou_central.events") == "1")
        #expect(try server.psql("SELECT min(staff_number) FROM hukou_central.events") == "010123")
        let subject = CounterStore.subjectPseudonym(
            idNumber: CentralFixtures.idNumber,
            key: SymmetricKey(data: [UInt8](repeating: 9, count: 32))
        )
        let subjects = try server.psql(
            "SELECT count(*) FROM hukou_central.transactions WHERE encode(subject, 'hex') = '\(hexString(subject))'"
        )
        #expect(subjects == "49")
        await client.close()
    }

    @Test func nothingPersonalReachesTheCentralStore() async throws {
        let (server, client) = try await CentralFixtures.central(stations: ["s1"])
        defer { server.stop() }
        let (store, _) = try CentralFixtures.store()
        try await CentralFixtures.work(store, count: 12)
        try await CentralFixtures.replicateAll(store, station: "s1", server: server, client: client)
        let dump = try PrivatePostgres.capture(
            "/usr/bin/pg_dump",
            ["-h", server.directory.path, "-p", "\(server.port)", "-U", "hukou", "-d", server.database, "--data-only"]
        )
        #expect(dump.contains("010123"))
        let masked = try await store.transactions(onDay: store.stationDay()).first
        let maskedName = try #require(masked?.maskedName)
        let maskedID = try #require(masked?.maskedIDNumber)
        for secret in [
            CentralFixtures.name, CentralFixtures.idNumber, maskedName, maskedID, "张伟", "zhangwei", "材料不全", "太慢",
            "sim0",
        ] {
            #expect(!dump.contains(secret), "\(secret) reached the central store")
        }
        await client.close()
    }

    @Test func retriesInsertNothingTwiceAndRefuseWhatIsWrong() async throws {
        let (server, client) = try await CentralFixtures.central(stations: ["s1"])
        defer { server.stop() }
        let (store, _) = try CentralFixtures.store()
        try await CentralFixtures.work(store, count: 5)
        let batch = try await store.outboxBatch(after: 0, limit: 10)
        let wire = CentralBatch(station: "s1", batch: batch, staffNumber: { _ in nil })
        let payload = try wire.payload()
        let mac = hexString(
            HMAC<SHA256>.authenticationCode(
                for: Data(payload.utf8),
                using: SymmetricKey(data: CentralFixtures.secret(1))
            )
        )
        #expect(try await client.ingest(station: "s1", payload: payload, mac: mac) == 10)
        #expect(try await client.ingest(station: "s1", payload: payload, mac: mac) == 10)
        #expect(try await client.eventCount(station: "s1") == 10)

        // A wrong secret, an unknown station, a gap and a rewritten row: refused, nothing stored.
        let wrong = hexString(
            HMAC<SHA256>.authenticationCode(
                for: Data(payload.utf8),
                using: SymmetricKey(data: CentralFixtures.secret(2))
            )
        )
        let badMac = await #expect(throws: CentralError.self) {
            _ = try await client.ingest(station: "s1", payload: payload, mac: wrong)
        }
        #expect(badMac?.code == .badCredential)
        let unknown = await #expect(throws: CentralError.self) {
            _ = try await client.ingest(station: "nobody", payload: payload, mac: mac)
        }
        #expect(unknown?.code == .unknownStation)
        let later = try await store.outboxBatch(after: 12, limit: 5)
        let gap = try CentralBatch(station: "s1", batch: later, staffNumber: { _ in nil }).payload()
        let gapMac = hexString(
            HMAC<SHA256>.authenticationCode(for: Data(gap.utf8), using: SymmetricKey(data: CentralFixtures.secret(1)))
        )
        let gapError = await #expect(throws: CentralError.self) {
            _ = try await client.ingest(station: "s1", payload: gap, mac: gapMac)
        }
        #expect(gapError?.code == .sequenceGap)
        var forged = batch
        forged.events[3].hash = Data(repeating: 0xAB, count: 32)
        let fork = try CentralBatch(station: "s1", batch: forged, staffNumber: { _ in nil }).payload()
        let forkMac = hexString(
            HMAC<SHA256>.authenticationCode(for: Data(fork.utf8), using: SymmetricKey(data: CentralFixtures.secret(1)))
        )
        let forkError = await #expect(throws: CentralError.self) {
            _ = try await client.ingest(station: "s1", payload: fork, mac: forkMac)
        }
        #expect(forkError?.code == .forked)
        #expect(forkError?.seq == 4)
        #expect(try await client.eventCount(station: "s1") == 10)
        await client.close()
    }

    @Test func wrongCredentialStallsWithoutLosingAnything() async throws {
        let (server, client) = try await CentralFixtures.central(stations: ["s1"])
        defer { server.stop() }
        let (store, _) = try CentralFixtures.store()
        try await CentralFixtures.work(store, count: 6)
        let replicator = try CentralFixtures.replicator(store, station: "s1", url: server.url, secretByte: 5)
        let task = Task { await replicator.replicate() }
        try await poll("the replicator to report the refusal", within: .seconds(20)) {
            replicator.status.state == "failing" && (replicator.status.lastError ?? "").contains("badCredential")
        }
        task.cancel()
        await task.value
        #expect(try await client.eventCount(station: "s1") == 0)
        #expect(try await store.outboxStatus(target: ReplicatorConfiguration.target).ackedSeq == 0)
        // With the right secret it catches up from the start.
        try await CentralFixtures.replicateAll(store, station: "s1", server: server, client: client)
        await client.close()
    }
}

func hexString(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}
