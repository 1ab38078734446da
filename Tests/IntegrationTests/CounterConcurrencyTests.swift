import Foundation
import HukouTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension CounterProcessTests {
    @Suite("Two counters at once", .serialized)
    struct CounterConcurrencyTests {
        @Test("two hukou counter processes calling next concurrently never get the same ticket")
        func concurrentNext() async throws {
            let scratch = try ScratchDirectory("next")
            defer { scratch.remove() }
            let intents = try ProcessIntents(scratch: scratch)
            let db = scratch.path("counter.sqlite")
            let socket = scratch.path("control.sock")
            let daemon = try await DaemonProcess(
                arguments: ["--db", db, "--reader", "sim:window1@1", "--keys", intents.trustedKeysPath],
                socketPath: socket,
                logPath: scratch.path("daemon.log")
            )
            let count = 16
            for index in 0..<count {
                let hex = try await intents.phone(nonce: String(format: "concurrent-next-%04d", index))
                let result = try await hukou("tap", "--control", socket, "--reader", "window1", "--hex", hex)
                try #require(result.status == 0, "\(result.stderr)")
            }
            #expect(await daemon.stop(signal: SIGTERM) == 0)

            // One clerk confirms everything (tickets B001…B016).
            let confirm = try await hukou(
                "counter",
                "--db",
                db,
                "--window",
                "1",
                "--config",
                try staffConfig(scratch: scratch),
                stdin: String(repeating: "确认\n", count: count) + "退出\n"
            )
            #expect(confirm.status == 0)
            #expect(confirm.stdout.components(separatedBy: "已受理").count - 1 == count, "\(confirm.stdout)")

            // Two clerks on the same window call at the same moment, each more often than half the queue.
            let script = scratch.path("next.txt")
            try (String(repeating: "叫号\n", count: count) + "退出\n").write(
                toFile: script,
                atomically: true,
                encoding: .utf8
            )
            let config = try staffConfig(scratch: scratch)
            let clerks = try ["乙", "丙"].map { name in
                try SpawnedProcess(
                    HukouBinary.path,
                    ["counter", "--db", db, "--window", "1", "--config", config, "--lang", "zh"],
                    stdinPath: script,
                    stdoutPath: scratch.path("\(name).out"),
                    stderrPath: scratch.path("\(name).err")
                )
            }
            for clerk in clerks { #expect(await clerk.exit(within: .seconds(60)) == 0) }
            let called = try ["乙", "丙"].map { name in
                let text = try String(contentsOfFile: scratch.path("\(name).out"), encoding: .utf8)
                return text.split(separator: "\n").compactMap { line -> String? in
                    guard let range = line.range(of: "请 ") else { return nil }
                    return String(line[range.upperBound...].prefix(4))
                }
            }
            let first = Set(called[0])
            let second = Set(called[1])
            #expect(first.isDisjoint(with: second), "shared tickets: \(first.intersection(second))")
            #expect(called[0].count + called[1].count == count)
            #expect(first.union(second) == Set((1...count).map { String(format: "B%03d", $0) }))

            let rows = try await queueList(db: db)
            #expect(rows.filter { $0.state == "called" }.count == count)
            #expect(try await hukou("audit", "verify", "--db", db).status == 0)
        }
    }
}
