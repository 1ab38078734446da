import CounterStore
import Foundation
import HukouTestSupport
import Logging
import Testing

@testable import CounterCentral

/// The parts that need no server: connection strings, back-off, the wire format, the lag warning.
@Suite struct CentralUnitTests {
    @Test func connectionStrings() throws {
        let tcp = try CentralDatabase(url: "postgres://station_a:pw@db.district:6543/hukou_central?sslmode=require")
        #expect(tcp.host == "db.district")
        #expect(tcp.port == 6543)
        #expect(tcp.user == "station_a")
        #expect(tcp.password == "pw")
        #expect(tcp.database == "hukou_central")
        #expect(tcp.tls == .require)
        #expect(!tcp.description.contains("pw"))
        let socket = try CentralDatabase(url: "postgresql://hukou@localhost:5499/c?host=/run/pg&sslmode=disable")
        #expect(socket.socketDirectory == "/run/pg")
        #expect(socket.tls == .disable)
        #expect(try CentralDatabase(url: "postgres://u@h/d").tls == .prefer)
        for bad in [
            "mysql://u@h/d", "postgres://h/d", "postgres://u@h/", "postgres://u@h/d?host=relative",
            "postgres://u@h/d?sslmode=maybe", "postgres://u@h/d?options=-c%20x", "postgres://u@h:70000/d", "not a url",
            "postgres://u@/d",
        ] {
            #expect(throws: CentralError.self, "\(bad)") { _ = try CentralDatabase(url: bad) }
        }
    }

    @Test func backOffGrowsToItsCapWithJitter() throws {
        let (store, _) = try CentralFixtures.store()
        let replicator = try CentralFixtures.replicator(store, station: "s1", url: "postgres://u@h/d")
        // Test settings: 50 ms doubling to 400 ms; each wait is 50–100 % of that.
        for (failures, full) in [(1, 50), (2, 100), (3, 200), (4, 400), (9, 400)] {
            for _ in 0..<20 {
                let wait = replicator.backoff(failures: failures)
                #expect(wait >= .milliseconds(full / 2) && wait <= .milliseconds(full), "\(failures): \(wait)")
            }
        }
    }

    @Test func batchIsVersionedSortedAndCarriesTheLinks() async throws {
        let (store, _) = try CentralFixtures.store()
        try await CentralFixtures.work(store, count: 3)
        let batch = try await store.outboxBatch(after: 2, limit: 4)
        #expect(batch.events.map(\.seq) == [3, 4, 5, 6])
        #expect(batch.events[1].prevHash == batch.events[0].hash)
        let wire = CentralBatch(
            station: "s1",
            batch: batch,
            staffNumber: { $0.hasSuffix("/zhangwei") ? "010123" : nil }
        )
        let text = try wire.payload()
        #expect(text.hasPrefix(#"{"evaluations":["#))
        #expect(text.contains(#""v":1"#))
        #expect(text.contains(#""staff":"010123""#))
        #expect(try wire.payload() == text)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["v", "station", "snapshot", "events", "transactions", "evaluations"])
    }

    @Test func lagIsWarnedOnceAndItsEndNoted() async throws {
        let (store, _) = try CentralFixtures.store()
        try await CentralFixtures.work(store, count: 2)
        let log = LogRecords()
        let offset = Offset()
        var configuration = ReplicatorConfiguration(
            database: try CentralDatabase(url: "postgres://u@localhost:1/d?host=/nonexistent-hukou"),
            station: "s1",
            secret: CentralFixtures.secret()
        )
        configuration.lagWarningSeconds = 60
        configuration.initialBackoff = .milliseconds(20)
        configuration.maximumBackoff = .milliseconds(40)
        let replicator = Replicator(
            store: store,
            configuration: configuration,
            staffNumber: { _ in nil },
            logger: Logger(label: "test") { _ in LogRecords.Handler(records: log) },
            clock: { Date().addingTimeInterval(offset.seconds) }
        )
        offset.seconds = 3600
        let task = Task { await replicator.replicate() }
        try await poll("the lag warning", within: .seconds(10)) { log.count("central replication is lagging") == 1 }
        try await Task.sleep(for: .milliseconds(300))
        #expect(log.count("central replication is lagging") == 1)
        #expect(log.count("central replication failed; retrying") == 1)
        #expect(replicator.status.lagSeconds > 3000)
        #expect(replicator.status.backlog == Int64(try await store.auditEntries().count))
        offset.seconds = -3600
        try await poll("the end of the lag", within: .seconds(10)) { log.count("central replication caught up") == 1 }
        task.cancel()
        await task.value
    }
}

/// A clock offset the test moves.
final class Offset: @unchecked Sendable {
    // Invariant: only touched under `lock`.
    private let lock = NSLock()
    private var value: TimeInterval = 0
    var seconds: TimeInterval {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

/// Log messages, counted.
final class LogRecords: @unchecked Sendable {
    // Invariant: only touched under `lock`.
    private let lock = NSLock()
    private var messages: [String] = []

    func count(_ message: String) -> Int { lock.withLock { messages.filter { $0 == message }.count } }

    struct Handler: LogHandler {
        let records: LogRecords
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            records.lock.withLock { records.messages.append(event.message.description) }
        }
    }
}
