import CounterStore
import Foundation
import GRDB
import Synchronization

/// `hukou-bench store`: tap-to-commit latency and durable enqueue throughput through
/// `CounterStore.submitTap`, side by side with raw SQLite inserts in the same run and directory.
///
/// The baseline inserts one blob row of the store's mean stored transaction-row size per write
/// transaction, through the same GRDB path the store uses (`writeWithoutTransaction` + `BEGIN IMMEDIATE`),
/// with the same PRAGMAs (WAL, `synchronous=FULL`, `wal_autocheckpoint`, busy timeout, foreign keys) and
/// the same checkpoint policy (a background PASSIVE checkpoint every 256 commits). Latency samples
/// alternate one store tap and one raw insert, so both see the same machine load; throughput bursts
/// alternate likewise, round by round. `HUKOU_BENCH_STORE_TAPS` sets the taps per side (default 5000).
enum StoreBenchmark {
    /// The recorded configuration: 5000 taps each way (or `HUKOU_BENCH_STORE_TAPS`).
    static func run() async throws {
        try await run([])
    }

    /// `arguments`: an optional tap count per side (200…100 000), overriding `HUKOU_BENCH_STORE_TAPS`.
    static func run(_ arguments: [String]) async throws {
        let requested = ProcessInfo.processInfo.environment["HUKOU_BENCH_STORE_TAPS"].flatMap(Int.init)
        let count = (arguments.first.flatMap(Int.init) ?? requested).map { min(max($0, 200), 100_000) } ?? 5000
        let concurrency = 8
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("hukou-bench-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        let storePath = dir + "/store.sqlite"
        let store = try CounterStore(path: storePath)
        var next = 0
        func nextTaps(_ n: Int) -> [TapSubmission] {
            (0..<n).map { _ in
                next += 1
                return tap(next)
            }
        }
        // Warm up (cached statements), learn the stored row size and count the WAL frames per commit
        // (100 commits, fewer than a checkpoint interval, so the WAL only grows meanwhile).
        let warmUp = 100
        let storeWALStart = fileSize(storePath + "-wal")
        for tap in nextTaps(warmUp) { _ = try await store.submitTap(tap) }
        let storeFrames = Double(fileSize(storePath + "-wal") - storeWALStart) / Double(walFrameBytes) / Double(warmUp)
        let rowBytes = try averageRowBytes(storePath)

        let rawPath = dir + "/raw.sqlite"
        let raw = try RawInserter(path: rawPath, rowBytes: rowBytes)
        let rawWALStart = fileSize(rawPath + "-wal")
        for _ in 0..<warmUp { try await raw.insert() }
        let rawFrames = Double(fileSize(rawPath + "-wal") - rawWALStart) / Double(walFrameBytes) / Double(warmUp)

        // Latency: store taps and raw inserts in turn, one at a time; the taps are built before the clock starts.
        var storeLatencies: [Double] = []
        var rawLatencies: [Double] = []
        var storeCPU = 0.0
        var rawCPU = 0.0
        storeLatencies.reserveCapacity(count)
        rawLatencies.reserveCapacity(count)
        for (index, tap) in nextTaps(count).enumerated() {
            // Which side goes first alternates, so neither always runs right after the other's commit.
            if index.isMultiple(of: 2) {
                storeLatencies.append(try await timed(&storeCPU) { _ = try await store.submitTap(tap) })
                rawLatencies.append(try await timed(&rawCPU) { try await raw.insert() })
            } else {
                rawLatencies.append(try await timed(&rawCPU) { try await raw.insert() })
                storeLatencies.append(try await timed(&storeCPU) { _ = try await store.submitTap(tap) })
            }
        }

        // Throughput: `concurrency` submitters share a burst; store and raw bursts alternate.
        let rounds = 20
        let perRound = max(count / rounds, concurrency)
        var storeSeconds = 0.0
        var rawSeconds = 0.0
        for round in 0..<rounds {
            let burst = nextTaps(perRound)
            let storeBurst: () async throws -> Double = {
                try await elapsed(count: perRound, concurrency: concurrency) { index in
                    _ = try await store.submitTap(burst[index])
                }
            }
            let rawBurst: () async throws -> Double = {
                try await elapsed(count: perRound, concurrency: concurrency) { _ in try await raw.insert() }
            }
            // Which side goes first alternates too, so neither always follows the other's checkpoint.
            if round.isMultiple(of: 2) {
                storeSeconds += try await storeBurst()
                rawSeconds += try await rawBurst()
            } else {
                rawSeconds += try await rawBurst()
                storeSeconds += try await storeBurst()
            }
        }
        let storeThroughput = Double(perRound * rounds) / storeSeconds
        let rawThroughput = Double(perRound * rounds) / rawSeconds

        print(
            "store: \(count) taps one at a time interleaved one-for-one with raw inserts; then \(perRound * rounds) per side "
                + "from \(concurrency) submitters in \(rounds) alternating bursts"
        )
        print(
            "row ≈ \(rowBytes) bytes; WAL, synchronous=FULL, wal_autocheckpoint=\(CounterStore.autoCheckpointPages), "
                + "background PASSIVE checkpoint every \(RawInserter.checkpointInterval) commits on both sides"
        )
        print("metric                           submitTap      raw INSERT     ratio    goal")
        let storeP50 = percentile(storeLatencies, 0.50)
        let rawP50 = percentile(rawLatencies, 0.50)
        let storeP99 = percentile(storeLatencies, 0.99)
        let rawP99 = percentile(rawLatencies, 0.99)
        print(row("tap-to-commit p50 (ms)", storeP50, rawP50, storeP50 / rawP50, "", width: 32))
        for (label, p) in [("p90", 0.90)] {
            let store = percentile(storeLatencies, p)
            let raw = percentile(rawLatencies, p)
            print(row("tap-to-commit \(label) (ms)", store, raw, store / raw, "", width: 32))
        }
        print(row("tap-to-commit p99 (ms)", storeP99, rawP99, storeP99 / rawP99, "≤ 1.50×", width: 32))
        for (label, p) in [("p99.9", 0.999), ("max", 1.0)] {
            let store = percentile(storeLatencies, p)
            let raw = percentile(rawLatencies, p)
            print(row("tap-to-commit \(label) (ms)", store, raw, store / raw, "", width: 32))
        }
        let storeCPUPerTap = storeCPU / Double(count) * 1e6
        let rawCPUPerTap = rawCPU / Double(count) * 1e6
        print(
            row(
                "CPU per commit (µs, 1 at a time)",
                storeCPUPerTap,
                rawCPUPerTap,
                storeCPUPerTap / rawCPUPerTap,
                "",
                width: 32
            )
        )
        print(row("WAL pages per commit", storeFrames, rawFrames, storeFrames / rawFrames, "", width: 32))
        print(
            row(
                "durable enqueues/s",
                storeThroughput,
                rawThroughput,
                storeThroughput / rawThroughput,
                "≥ 0.70×",
                width: 32
            )
        )
        let latencyMet = storeP99 <= 1.5 * rawP99
        let throughputMet = storeThroughput >= 0.7 * rawThroughput
        print("goal p99 ≤ 1.5× raw: \(latencyMet ? "met" : "NOT met")")
        print("goal throughput ≥ 0.7× raw: \(throughputMet ? "met" : "NOT met")")
        print("store goals: \(latencyMet && throughputMet ? "met" : "NOT met")")
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

    /// A WAL frame: a 24-byte header and one page (SQLite's default 4096 bytes, used on both sides).
    static let walFrameBytes = 24 + 4096

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// Milliseconds taken by `operation`; adds the process CPU seconds (user + system, all threads) it took
    /// to `cpu`. Nothing else runs during the one-at-a-time phase but an occasional background checkpoint,
    /// so that is this operation's cost, and far less disturbed by other processes than wall time.
    static func timed(_ cpu: inout Double, _ operation: () async throws -> Void) async throws -> Double {
        let cpuStart = processCPUSeconds()
        let start = ContinuousClock.now
        try await operation()
        let wall = milliseconds(ContinuousClock.now - start)
        cpu += processCPUSeconds() - cpuStart
        return wall
    }

    /// User + system CPU time of the whole process (`getrusage(RUSAGE_SELF)`), in seconds.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
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

    /// One table row; `width` is the label column (the pipeline benchmark uses the default).
    static func row(
        _ name: String,
        _ store: Double,
        _ raw: Double,
        _ ratio: Double,
        _ goal: String,
        width: Int = 28
    ) -> String {
        name.padding(toLength: width, withPad: " ", startingAt: 0)
            + String(format: " %10.3f     %10.3f     %5.2f×   ", store, raw, ratio) + goal
    }
}

extension StoreBenchmark {
    /// The baseline: one `INSERT` of a blob of the given size per `BEGIN IMMEDIATE` transaction, configured
    /// and checkpointed the way `CounterStore` is.
    final class RawInserter: Sendable {
        static let checkpointInterval = 256

        private let pool: DatabasePool
        private let checkpointer: DatabaseQueue
        private let body: Data
        private let commits = Mutex((count: 0, running: false))

        init(path: String, rowBytes: Int) throws {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            configuration.foreignKeysEnabled = true
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(CounterStore.autoCheckpointPages)")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            checkpointer = try DatabaseQueue(path: path, configuration: configuration)
            try pool.write { db in
                try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)")
            }
            body = Data((0..<rowBytes).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        }

        func insert() async throws {
            let body = body
            try await pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try db.cachedStatement(sql: "INSERT INTO t (body) VALUES (?)").execute(arguments: [body])
                    return .commit
                }
            }
            let start = commits.withLock { state in
                state.count += 1
                guard state.count >= Self.checkpointInterval, !state.running else { return false }
                state.count = 0
                state.running = true
                return true
            }
            guard start else { return }
            let checkpointer = checkpointer
            Task {
                _ = try? await checkpointer.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                self.commits.withLock { $0.running = false }
            }
        }
    }
}
