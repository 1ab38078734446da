import CounterStore
import Foundation
import GRDB

/// `hukou-bench store [N]`: tap-to-commit latency and durable enqueue throughput through
/// `CounterStore.submitTap`, side by side with raw GRDB inserts of a row of the same size under the
/// same PRAGMAs (WAL, synchronous=FULL), one transaction per row, in the same run and directory.
enum StoreBenchmark {
    /// The recorded configuration: 5000 taps each way.
    static func run() async throws {
        try await run([])
    }

    /// `arguments`: an optional tap count (50…20000, default 5000).
    static func run(_ arguments: [String]) async throws {
        let count = arguments.first.flatMap(Int.init).map { min(max($0, 50), 20_000) } ?? 5000
        let concurrency = 8
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("hukou-bench-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        let storePath = dir + "/store.sqlite"
        let store = try CounterStore(path: storePath)
        var next = 0
        func nextTap() -> TapSubmission {
            next += 1
            return tap(next)
        }
        // Warm up (migrations, cached statements) and learn the stored row size.
        for _ in 0..<50 { _ = try await store.submitTap(nextTap()) }
        let rowBytes = try averageRowBytes(storePath)

        // Raw: the same number of bytes per row, the same PRAGMAs, one INSERT per write transaction.
        let rawPath = dir + "/raw.sqlite"
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(CounterStore.autoCheckpointPages)")
        }
        let raw = try DatabasePool(path: rawPath, configuration: configuration)
        try await raw.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)")
        }
        let body = Data((0..<rowBytes).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let rawInsert: @Sendable () async throws -> Void = {
            try await raw.write { db in
                try db.cachedStatement(sql: "INSERT INTO t (body) VALUES (?)").execute(arguments: [body])
            }
        }
        for _ in 0..<50 { try await rawInsert() }

        // Rounds alternate store and raw so both see the same machine load (this host is shared).
        let rounds = 10
        let perRound = max(count / rounds, 5)
        var storeLatencies: [Double] = []
        var rawLatencies: [Double] = []
        var storeSeconds = 0.0
        var rawSeconds = 0.0
        for _ in 0..<rounds {
            let sequential = (0..<perRound).map { _ in nextTap() }
            for tap in sequential {
                let start = ContinuousClock.now
                _ = try await store.submitTap(tap)
                storeLatencies.append(milliseconds(ContinuousClock.now - start))
            }
            for _ in 0..<perRound {
                let start = ContinuousClock.now
                try await rawInsert()
                rawLatencies.append(milliseconds(ContinuousClock.now - start))
            }
            let burst = (0..<perRound).map { _ in nextTap() }
            storeSeconds += try await elapsed(count: perRound, concurrency: concurrency) { index in
                _ = try await store.submitTap(burst[index])
            }
            rawSeconds += try await elapsed(count: perRound, concurrency: concurrency) { _ in try await rawInsert() }
        }
        let storeThroughput = Double(perRound * rounds) / storeSeconds
        let rawThroughput = Double(perRound * rounds) / rawSeconds
        let total = perRound * rounds

        let storeP50 = percentile(storeLatencies, 0.50)
        let storeP99 = percentile(storeLatencies, 0.99)
        let rawP50 = percentile(rawLatencies, 0.50)
        let rawP99 = percentile(rawLatencies, 0.99)
        print(
            "store: \(total) taps one at a time + \(total) from \(concurrency) submitters, in \(rounds) alternating rounds; "
                + "row ≈ \(rowBytes) bytes; WAL, synchronous=FULL, wal_autocheckpoint=\(CounterStore.autoCheckpointPages)"
        )
        print("metric                       submitTap      raw INSERT     ratio    goal")
        print(row("tap-to-commit p50 (ms)", storeP50, rawP50, storeP50 / rawP50, ""))
        print(row("tap-to-commit p99 (ms)", storeP99, rawP99, storeP99 / rawP99, "≤ 1.50×"))
        for (label, p) in [("p90", 0.90), ("p99.9", 0.999), ("max", 1.0)] {
            let store = percentile(storeLatencies, p)
            let raw = percentile(rawLatencies, p)
            print(row("tap-to-commit \(label) (ms)", store, raw, store / raw, ""))
        }
        print(row("durable enqueues/s", storeThroughput, rawThroughput, storeThroughput / rawThroughput, "≥ 0.70×"))
        let pass = storeP99 <= 1.5 * rawP99 && storeThroughput >= 0.7 * rawThroughput
        print("store goals: \(pass ? "met" : "NOT met")")
    }

    static func tap(_ index: Int) -> TapSubmission {
        let id = String(
            format: "11010519%02d%02d%02d%03d",
            50 + index % 40,
            1 + index % 12,
            1 + index % 28,
            index % 1000
        )
        return TapSubmission(
            businessCode: "HK-QR",
            businessNameZH: "迁入登记",
            businessNameEN: "Move-in registration",
            ticketCategory: "A",
            window: 1 + index % 4,
            priority: index.isMultiple(of: 10) ? .elderly : .normal,
            intentPayload: Array(
                #"{"v":1,"biz":"HK-QR","name":"张三","id":"\#(id)X","nonce":"\#(index)","exp":1800000000}"#.utf8
            ),
            profile: "phone",
            signatureStatus: "valid",
            applicant: ApplicantRecord(name: "张三", idNumber: id + "X", fields: ["phone": "13800000000"]),
            dedupKey: .nonce("bench-\(index)", keyID: "k1"),
            materials: ["居民身份证", "户口簿", "迁移证"],
            receivedAt: Date(),
            reader: "bench"
        )
    }

    /// Seconds taken by `concurrency` tasks sharing `count` operations.
    static func elapsed(
        count: Int,
        concurrency: Int,
        _ operation: @escaping @Sendable (Int) async throws -> Void
    ) async throws -> Double {
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var index = worker
                    while index < count {
                        try await operation(index)
                        index += concurrency
                    }
                }
            }
            try await group.waitForAll()
        }
        return milliseconds(ContinuousClock.now - start) / 1000
    }

    /// The mean stored size of a transaction row, summed over its columns.
    static func averageRowBytes(_ path: String) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { db in
            let columns = try db.columns(in: "transactions").map(\.name)
            let sum = columns.map { "COALESCE(LENGTH(CAST(\"\($0)\" AS BLOB)), 0)" }.joined(separator: " + ")
            return try Int.fetchOne(db, sql: "SELECT CAST(AVG(\(sum)) AS INTEGER) FROM transactions") ?? 0
        }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    static func row(_ name: String, _ store: Double, _ raw: Double, _ ratio: Double, _ goal: String) -> String {
        name.padding(toLength: 28, withPad: " ", startingAt: 0)
            + String(format: " %10.3f     %10.3f     %5.2f×   ", store, raw, ratio) + goal
    }
}
