import CounterStore
import Foundation
import HukouTestSupport
import Logging

@testable import CounterCentral

/// Builders shared by the central tests: station stores with a day's work, and a replicator run until caught up.
enum CentralFixtures {
    static let name = "欧阳小明"
    static let idNumber = "11010119900307001X"

    static func tap(window: Int = 1, business: String = "ID_RENEW", idNumber: String = idNumber) -> TapSubmission {
        TapSubmission(
            businessCode: business,
            businessNameZH: business == "ID_RENEW" ? "居民身份证换领" : "户口迁入",
            businessNameEN: business == "ID_RENEW" ? "ID card renewal" : "Move-in registration",
            ticketCategory: business == "ID_RENEW" ? "A" : "B",
            window: window,
            priority: .normal,
            intentPayload: Array("{\"v\":1}".utf8),
            profile: "phone",
            signatureStatus: "valid",
            applicant: ApplicantRecord(name: name, idNumber: idNumber),
            dedupKey: .nonce(UUID().uuidString, keyID: "k1"),
            materials: ["居民身份证", "户口簿"],
            receivedAt: Date(),
            reader: "sim0"
        )
    }

    /// A new store in a temporary directory.
    static func store() throws -> (store: CounterStore, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("central-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("counter.sqlite").path
        return (try CounterStore(path: path), path)
    }

    /// `count` citizens' visits with every ending: completed and rated (one badly), rejected, no-show, still waiting.
    static func work(_ store: CounterStore, count: Int, clerk: String = "张伟(010123)/zhangwei") async throws {
        for index in 0..<count {
            let business = index % 3 == 0 ? "MOVE_IN" : "ID_RENEW"
            let receipt = try await store.submitTap(tap(window: 1 + index % 2, business: business))
            let id = receipt.transaction.id
            if index % 7 == 6 {
                _ = try await store.reject(id, reason: "材料不全", operator: clerk)
                continue
            }
            _ = try await store.confirm(id, operator: clerk)
            if index % 5 == 4 { continue }
            guard let called = try await store.callNext(window: 1 + index % 2, operator: clerk) else { continue }
            if index % 11 == 10 {
                _ = try await store.markNoShow(called.id, operator: clerk)
                continue
            }
            _ = try await store.startService(called.id, operator: clerk)
            _ = try await store.complete(called.id, operator: clerk)
            let bad = index % 4 == 3
            _ = try await store.evaluate(
                called.id,
                window: called.window,
                level: bad ? .dissatisfied : .verySatisfied,
                reasons: bad ? [.slow] : [],
                comment: bad ? "窗口\(name)太慢" : nil
            )
        }
    }

    static func secret(_ byte: UInt8 = 7) -> [UInt8] { [UInt8](repeating: byte, count: 32) }

    /// A migrated central store on a fresh private server, with `stations` registered (secret byte = index + 1).
    static func central(stations: [String]) async throws -> (server: PrivatePostgres, client: CentralClient) {
        let server = try PrivatePostgres()
        try await server.start()
        let client = try await CentralClient.connect(try CentralDatabase(url: server.url), logger: quiet)
        try await client.migrate()
        for (index, station) in stations.enumerated() {
            try await client.register(
                station: StationRegistration(
                    id: station,
                    name: "测试派出所\(index + 1)",
                    timeZone: "Asia/Shanghai",
                    secret: secret(UInt8(index + 1))
                ),
                replace: false
            )
        }
        return (server, client)
    }

    static var quiet: Logger {
        var logger = Logger(label: "test.central")
        logger.logLevel =
            ProcessInfo.processInfo.environment["HUKOU_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .critical
        return logger
    }

    /// A replicator of `store` as `station` (secret byte `secretByte`), with short back-off for tests.
    static func replicator(
        _ store: CounterStore,
        station: String,
        url: String,
        secretByte: UInt8 = 1,
        batchSize: Int = 50
    ) throws -> Replicator {
        var configuration = ReplicatorConfiguration(
            database: try CentralDatabase(url: url),
            station: station,
            secret: secret(secretByte),
            subjectKey: [UInt8](repeating: 9, count: 32)
        )
        configuration.batchSize = batchSize
        configuration.pollInterval = .milliseconds(20)
        configuration.initialBackoff = .milliseconds(50)
        configuration.maximumBackoff = .milliseconds(400)
        return Replicator(
            store: store,
            configuration: configuration,
            staffNumber: { $0 == "张伟(010123)/zhangwei" ? "010123" : nil },
            logger: quiet
        )
    }

    /// Waits until the central copy holds every row of `store`.
    static func caughtUp(
        _ store: CounterStore,
        _ client: CentralClient,
        station: String,
        within: Duration = .seconds(60)
    )
        async throws
    {
        try await poll("\(station) to catch up", within: within) {
            guard let local = try? await store.outboxStatus(target: ReplicatorConfiguration.target),
                let head = try? await client.head(station: station)
            else { return false }
            return local.backlog == 0 && head.seq == local.headSeq
        }
    }

    /// Runs a replicator of `store` until the central copy holds every row, then stops it.
    static func replicateAll(_ store: CounterStore, station: String, server: PrivatePostgres, client: CentralClient)
        async throws
    {
        let replicator = try replicator(store, station: station, url: server.url)
        let task = Task { await replicator.replicate() }
        defer { task.cancel() }
        try await caughtUp(store, client, station: station)
        task.cancel()
        await task.value
    }
}
