import CounterDaemon
import CounterStore
import Foundation
import GRDB
import HukouIntent
import Logging
import NDEF
import NFCReader
import ServiceLifecycle

/// `hukou-bench pipeline [N]`: simulated tap in → durable commit, through the daemon's whole pipeline (control
/// request → simulated reader presenting an Android HCE Type 4 tag → the Type 4 read protocol → NDEF → Ed25519
/// intent verification → `submitTap` with synchronous=FULL → acknowledgement), beside raw SQLite inserts of a row of
/// the same size under the same PRAGMAs, one transaction per row, in the same run and directory.
enum PipelineBenchmark {
    static func run(_ arguments: [String]) async throws {
        let count = (arguments.first.flatMap(Int.init).map { min(max($0, 100), 10_000) } ?? 2000) / 10 * 10
        let readers = 8
        let warmUp = 20
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("hukou-bench-pipeline-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        // Signed phone intents with distinct nonces, made before the clock starts.
        let key = try IntentSigningKey.generate(keyID: "bench")
        let trusted = try TrustedKeySet(jwks: key.trustedKeySetJSON())
        var messages: [[UInt8]] = []
        for index in 0..<(2 * count + warmUp) {
            let draft = IntentDraft.phone(
                business: "ID_RENEW",
                data: ["name": "张小明", "id": "110101199003070011", "renew_reason": "expiring"],
                issuedAt: Date(),
                lifetime: 600,
                window: 1 + index % readers
            )
            messages.append(try IntentDraft.message(payload: try await draft.signedPayload(with: key)).encoded())
        }

        // The daemon, in process, on a file database.
        let storePath = dir + "/pipeline.sqlite"
        var configuration = DaemonConfiguration()
        configuration.databasePath = storePath
        configuration.readers = try (1...readers).map { try ReaderBinding(parsing: "sim:bench\($0)@\($0)") }
        let daemon = try await BenchDaemon(configuration: configuration, trusted: trusted, label: "bench.pipeline")
        let application = daemon.application
        let allMessages = messages
        @Sendable func tap(_ index: Int) async throws {
            let response = await application.handle(
                .tap(reader: "bench\(1 + index % readers)", ndef: allMessages[index], tagType: .type4)
            )
            guard response.outcome == .accepted else {
                throw BenchmarkError(
                    "tap \(index) not accepted: \(String(decoding: response.encodedLine(), as: UTF8.self))"
                )
            }
        }
        for index in 0..<warmUp { try await tap(2 * count + index) }

        // Raw: the same bytes per row, the same PRAGMAs as the store, one INSERT per write transaction.
        var rawConfiguration = Configuration()
        rawConfiguration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(CounterStore.autoCheckpointPages)")
        }
        let raw = try DatabasePool(path: dir + "/raw.sqlite", configuration: rawConfiguration)
        try await raw.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)")
        }
        let rowBytes = try StoreBenchmark.averageRowBytes(storePath)
        let body = Data((0..<rowBytes).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let rawInsert: @Sendable () async throws -> Void = {
            try await raw.write { db in
                try db.cachedStatement(sql: "INSERT INTO t (body) VALUES (?)").execute(arguments: [body])
            }
        }
        for _ in 0..<warmUp { try await rawInsert() }

        // Rounds alternate pipeline and raw so both see the same machine load (this host is shared).
        let rounds = 10
        let perRound = count / rounds
        var pipelineLatencies: [Double] = []
        var rawLatencies: [Double] = []
        var pipelineSeconds = 0.0
        var rawSeconds = 0.0
        var next = 0
        for _ in 0..<rounds {
            for _ in 0..<perRound {
                let start = ContinuousClock.now
                try await tap(next)
                pipelineLatencies.append(StoreBenchmark.milliseconds(ContinuousClock.now - start))
                next += 1
            }
            for _ in 0..<perRound {
                let start = ContinuousClock.now
                try await rawInsert()
                rawLatencies.append(StoreBenchmark.milliseconds(ContinuousClock.now - start))
            }
            let base = next
            pipelineSeconds += try await StoreBenchmark.elapsed(count: perRound, concurrency: readers) { index in
                try await tap(base + index)
            }
            next += perRound
            rawSeconds += try await StoreBenchmark.elapsed(count: perRound, concurrency: readers) { _ in
                try await rawInsert()
            }
        }
        try await daemon.stop()
        let pipelineThroughput = Double(perRound * rounds) / pipelineSeconds
        let rawThroughput = Double(perRound * rounds) / rawSeconds

        let p50 = StoreBenchmark.percentile(pipelineLatencies, 0.50)
        let p99 = StoreBenchmark.percentile(pipelineLatencies, 0.99)
        let rawP50 = StoreBenchmark.percentile(rawLatencies, 0.50)
        let rawP99 = StoreBenchmark.percentile(rawLatencies, 0.99)
        print(
            "pipeline: \(count) signed phone taps one at a time + \(count) over \(readers) readers at once, in 10 "
                + "alternating rounds; row ≈ \(rowBytes) bytes; WAL, synchronous=FULL, "
                + "wal_autocheckpoint=\(CounterStore.autoCheckpointPages)"
        )
        print("metric                       pipeline       raw INSERT     ratio    goal")
        print(StoreBenchmark.row("tap-to-commit p50 (ms)", p50, rawP50, p50 / rawP50, ""))
        print(StoreBenchmark.row("tap-to-commit p99 (ms)", p99, rawP99, p99 / rawP99, "≤ 1.50×"))
        for (label, p) in [("p90", 0.90), ("p99.9", 0.999), ("max", 1.0)] {
            let mine = StoreBenchmark.percentile(pipelineLatencies, p)
            let theirs = StoreBenchmark.percentile(rawLatencies, p)
            print(StoreBenchmark.row("tap-to-commit \(label) (ms)", mine, theirs, mine / theirs, ""))
        }
        print(
            StoreBenchmark.row(
                "durable enqueues/s",
                pipelineThroughput,
                rawThroughput,
                pipelineThroughput / rawThroughput,
                "≥ 0.70×"
            )
        )
        let pass = p99 <= 1.5 * rawP99 && pipelineThroughput >= 0.7 * rawThroughput
        print("pipeline goals: \(pass ? "met" : "NOT met")")
    }
}

/// A benchmark that could not run as planned.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
