import Foundation

/// Timing helpers shared by the benchmarks: repeat a body until a minimum time has passed, print rows.
enum Benchmark {
    /// The best rate seen over several batches: iterations per second of the fastest batch.
    struct Measurement {
        var iterations: Int
        var seconds: Double
        var perSecond: Double { Double(iterations) / seconds }
    }

    /// Runs `body` (after one warm-up call) in `batches` batches of about `minimumSeconds / batches` each and
    /// keeps the fastest batch. Time is the thread's CPU time, not wall time, so load from other processes on
    /// a shared machine disturbs the figure less (the Python side measures `time.process_time()` alike).
    static func measure(minimumSeconds: Double = 1.0, batches: Int = 5, _ body: () throws -> Void) rethrows
        -> Measurement
    {
        try body()
        var best: Measurement?
        for _ in 0..<batches {
            let start = cpuSeconds()
            var iterations = 0
            var elapsed = 0.0
            repeat {
                try body()
                iterations += 1
                elapsed = cpuSeconds() - start
            } while elapsed < minimumSeconds / Double(batches)
            let batch = Measurement(iterations: iterations, seconds: elapsed)
            if best.map({ batch.perSecond > $0.perSecond }) ?? true { best = batch }
        }
        return best ?? Measurement(iterations: 0, seconds: 1)
    }

    /// The CPU time of the calling thread (or, with `CLOCK_PROCESS_CPUTIME_ID`, of the whole process), in seconds
    /// (`clock_gettime`).
    static func cpuSeconds(_ clock: clockid_t = CLOCK_THREAD_CPUTIME_ID) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Prints one aligned row: a label and its columns.
    static func row(_ label: String, _ columns: String...) {
        let padded = label.padding(toLength: 34, withPad: " ", startingAt: 0)
        print(padded + columns.map { $0.padding(toLength: 18, withPad: " ", startingAt: 0) }.joined())
    }

    /// A number with a fixed count of decimals.
    static func format(_ value: Double, decimals: Int = 1) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// The package root, found from this file's path (benchmarks run from a checkout).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A real copy of the bytes into a new allocation: writing to a shared array forces copy-on-write.
    /// (`Array(array[...])` would share the buffer and copy nothing.)
    @inline(never)
    static func copy(_ bytes: [UInt8]) -> [UInt8] {
        var duplicate = bytes
        if !duplicate.isEmpty { duplicate[0] = bytes[0] }
        return duplicate
    }

    /// Prevents the optimizer from discarding a computed value.
    @inline(never)
    static func consume<T>(_ value: T) {
        withExtendedLifetime(value) {}
    }
}
