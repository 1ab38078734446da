import CounterDaemon
import CounterStore
import CounterWeb
import Foundation
import HukouIntent
import Logging
import NDEF
import NFCReader
import NIOCore
import NIOPosix
import ServiceLifecycle

/// `hukou-bench hall [N]`: the tap path's latency with the hall's web server running and no display connected,
/// beside the same with 500 idle live-update clients connected (half of them reading, half never reading, like a
/// dead browser), in alternating rounds in one run. Every tap changes the hall's state; the hub pushes the newest
/// state to every connected client at most once per ``HallHub/publicationInterval``.
enum HallBenchmark {
    static let clients = 500

    static func run(_ arguments: [String]) async throws {
        let count = (arguments.first.flatMap(Int.init).map { min(max($0, 100), 10_000) } ?? 1000) / 10 * 10
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("hukou-bench-hall-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        let key = try IntentSigningKey.generate(keyID: "bench")
        let trusted = try TrustedKeySet(jwks: key.trustedKeySetJSON())
        var messages: [[UInt8]] = []
        for _ in 0..<(count + 20) {
            let draft = IntentDraft.phone(
                business: "ID_RENEW",
                data: ["name": "张小明", "id": "110101199003070011", "renew_reason": "expiring"],
                issuedAt: Date(),
                lifetime: 600,
                window: 1
            )
            messages.append(try IntentDraft.message(payload: try await draft.signedPayload(with: key)).encoded())
        }

        let port = 20_000 + Int.random(in: 0..<20_000)
        var configuration = DaemonConfiguration()
        configuration.databasePath = dir + "/hall.sqlite"
        configuration.readers = [try ReaderBinding(parsing: "sim:bench@1")]
        configuration.web = WebConfiguration(
            port: port,
            espeakPath: "/nonexistent",
            voiceCacheDirectory: dir + "/voice"
        )
        let daemon = try await BenchDaemon(configuration: configuration, trusted: trusted, label: "bench.hall")
        let application = daemon.application
        let allMessages = messages
        @Sendable func tap(_ index: Int) async throws {
            let response = await application.handle(.tap(reader: "bench", ndef: allMessages[index], tagType: .type4))
            guard response.outcome == .accepted else { throw BenchmarkError("tap \(index) not accepted") }
        }
        for index in 0..<20 { try await tap(count + index) }

        let hub = try application.webService.map(\.hub) ?? { throw BenchmarkError("no web service") }()
        let loop = MultiThreadedEventLoopGroup.singleton
        var none: [Double] = []
        var loaded: [Double] = []
        // The process's CPU time over each arm's taps (all threads: the daemon, its web server, and the benchmark's
        // own clients reading their streams): the cost of the displays, which the machine's load moves far less than
        // it moves latency.
        var cpu = (none: 0.0, loaded: 0.0)
        let rounds = 10
        let perRound = count / rounds
        var next = 0
        for round in 0..<rounds {
            let withClients = round % 2 == 1
            var channels: [any Channel] = []
            if withClients {
                for index in 0..<clients {
                    let channel = try await ClientBootstrap(group: loop)
                        .channelOption(.autoRead, value: index % 2 == 0)
                        .connect(host: "127.0.0.1", port: port).get()
                    let request =
                        "GET /api/v1/hall/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                    try await channel.writeAndFlush(ByteBuffer(string: request))
                    channels.append(channel)
                }
                while hub.subscriberCount < clients { try await Task.sleep(for: .milliseconds(10)) }
            }
            let cpuBefore = Benchmark.cpuSeconds(CLOCK_PROCESS_CPUTIME_ID)
            for _ in 0..<perRound {
                let start = ContinuousClock.now
                try await tap(next)
                let elapsed = StoreBenchmark.milliseconds(ContinuousClock.now - start)
                if withClients { loaded.append(elapsed) } else { none.append(elapsed) }
                next += 1
                // A tap every 20 ms: every client gets the newest state about four times a second.
                try await Task.sleep(for: .milliseconds(20))
            }
            let cpuUsed = Benchmark.cpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - cpuBefore
            if withClients { cpu.loaded += cpuUsed } else { cpu.none += cpuUsed }
            for channel in channels { try? await channel.close() }
            while hub.subscriberCount > 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        try await daemon.stop()

        print(
            "hall: \(count) signed phone taps one at a time, 20 ms apart, in 10 alternating rounds: the web server with "
                + "no client, and with \(clients) idle live-update clients (half never reading)"
        )
        print("metric                       \(clients) clients    no client      ratio    goal")
        for (label, p) in [("p50", 0.50), ("p90", 0.90), ("p99", 0.99)] {
            let mine = StoreBenchmark.percentile(loaded, p)
            let theirs = StoreBenchmark.percentile(none, p)
            print(
                StoreBenchmark.row(
                    "tap-to-commit \(label) (ms)",
                    mine,
                    theirs,
                    mine / theirs,
                    label == "p50" ? "≤ 1.10×" : ""
                )
            )
        }
        let cpuPerTap = (loaded: cpu.loaded * 1000 / Double(loaded.count), none: cpu.none * 1000 / Double(none.count))
        print(
            StoreBenchmark.row(
                "process CPU per tap (ms)",
                cpuPerTap.loaded,
                cpuPerTap.none,
                cpuPerTap.loaded / cpuPerTap.none,
                ""
            )
        )
        let ratio = StoreBenchmark.percentile(loaded, 0.5) / StoreBenchmark.percentile(none, 0.5)
        print("hall goal: \(ratio <= 1.1 ? "met" : "NOT met")")
    }
}
