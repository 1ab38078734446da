import Foundation
import HukouTestSupport
import HukouTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Results collected from the tapping threads.
final class TapLedger: @unchecked Sendable {
    // Every member is only touched under `lock`.
    private let lock = NSLock()
    private var acknowledged: [Int: Int64] = [:]
    private var conflicts: [Int] = []
    private var attempts = 0

    func record(_ index: Int, _ id: Int64) {
        lock.lock()
        defer { lock.unlock() }
        if let earlier = acknowledged[index], earlier != id { conflicts.append(index) }
        acknowledged[index] = id
    }

    /// Taps acknowledged with two different transaction ids (must stay empty).
    var conflicting: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return conflicts
    }

    func countAttempt() {
        lock.lock()
        attempts += 1
        lock.unlock()
    }

    var snapshot: (acknowledged: [Int: Int64], attempts: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (acknowledged, attempts)
    }
}

extension CounterProcessTests {
    @Suite("Crash safety", .serialized)
    struct CrashTests {
        @Test("SIGKILL during a burst of taps: every acknowledged tap is stored exactly once; the database stays sound")
        func killDuringBurst() async throws {
            let seed = ProcessInfo.processInfo.environment["HUKOU_CRASH_SEED"].flatMap { UInt64($0) } ?? 2026_1129
            var random = SplitMix64(seed: seed)
            let scratch = try ScratchDirectory("crash")
            defer { scratch.remove() }
            let intents = try ProcessIntents(scratch: scratch)
            let db = scratch.path("counter.sqlite")
            let socket = scratch.path("control.sock")
            let arguments = [
                "--db", db, "--reader", "sim:window1@1", "--reader", "sim:window2@2", "--keys", intents.trustedKeysPath,
            ]

            // Distinct intents: signed phone intents (nonce) and service cards of distinct content.
            var taps: [(hex: String, reader: String, type: String)] = []
            for index in 0..<44 {
                let nonce = String(format: "crash-%04d-%016llx", index, random.next())
                taps.append((try await intents.phone(nonce: nonce), index % 2 == 0 ? "window1" : "window2", "4"))
            }
            for (index, business) in ["ID_RENEW", "HH_BOOKLET", "MOVE_IN", "CERTIFICATE"].enumerated() {
                taps.append(
                    (try await intents.card(business, window: index + 1), index % 2 == 0 ? "window1" : "window2", "2")
                )
            }
            let allTaps = taps
            let ledger = TapLedger()
            var remaining = Array(taps.indices)
            var kills = 0
            var midBurstKills = 0

            for round in 0..<3 where !remaining.isEmpty {
                let daemon = try await DaemonProcess(
                    arguments: arguments,
                    socketPath: socket,
                    logPath: scratch.path("daemon.log")
                )
                let killAfter = Duration.milliseconds(Int64.random(in: 30...150, using: &random))
                let slices = (0..<4).map { lane in
                    remaining.enumerated().filter { $0.offset % 4 == lane }.map(\.element)
                }
                let group = DispatchGroup()
                for slice in slices {
                    group.enter()
                    DispatchQueue.global().async {
                        defer { group.leave() }
                        for index in slice {
                            ledger.countAttempt()
                            let tap = allTaps[index]
                            guard
                                let result = try? runCommandBlocking(
                                    HukouBinary.path,
                                    [
                                        "tap", "--control", socket, "--reader", tap.reader, "--hex", tap.hex,
                                        "--tag-type", tap.type, "--timeout", "5",
                                    ],
                                    timeout: .seconds(20)
                                )
                            else { continue }
                            if let reply = TapReply.parse(result) { ledger.record(index, reply.transactionID) }
                        }
                    }
                }
                // The last round lets the burst finish; the others kill the daemon in the middle of it.
                if round < 2 {
                    try await Task.sleep(for: killAfter)
                    let burstRunning = group.wait(timeout: .now()) == .timedOut
                    kill(daemon.pid, SIGKILL)
                    kills += 1
                    if burstRunning { midBurstKills += 1 }
                }
                let deadline = ContinuousClock.now + .seconds(120)
                while group.wait(timeout: .now()) == .timedOut, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(group.wait(timeout: .now()) == .success, "tapping threads did not finish")
                await daemon.stop(signal: SIGKILL, timeout: .seconds(5))
                let acknowledged = ledger.snapshot.acknowledged
                remaining = remaining.filter { acknowledged[$0] == nil }
            }

            // After the last crash: every tap again. Acknowledged ones must come back as the same transaction.
            let daemon = try await DaemonProcess(
                arguments: arguments,
                socketPath: socket,
                logPath: scratch.path("daemon.log")
            )
            let acknowledged = ledger.snapshot.acknowledged
            var finalIDs: [Int: Int64] = [:]
            for (index, tap) in taps.enumerated() {
                let result = try await hukou(
                    "tap",
                    "--control",
                    socket,
                    "--reader",
                    tap.reader,
                    "--hex",
                    tap.hex,
                    "--tag-type",
                    tap.type
                )
                let reply = try #require(TapReply.parse(result), "tap \(index) failed after restart: \(result.stderr)")
                if let earlier = acknowledged[index] {
                    #expect(
                        reply.duplicate && reply.transactionID == earlier,
                        "acknowledged tap \(index) lost or stored twice"
                    )
                }
                finalIDs[index] = reply.transactionID
            }
            #expect(await daemon.stop(signal: SIGTERM) == 0)

            let rows = try await queueList(db: db)
            #expect(
                rows.count == taps.count,
                "\(rows.count) transactions for \(taps.count) distinct taps (seed \(seed))"
            )
            #expect(Set(rows.map(\.id)) == Set(finalIDs.values), "seed \(seed)")
            #expect(kills >= 1 && midBurstKills >= 1, "the schedule never crashed mid-burst (seed \(seed))")
            #expect(!acknowledged.isEmpty, "no tap was acknowledged (seed \(seed))")
            #expect(ledger.conflicting.isEmpty, "taps acknowledged as two transactions: \(ledger.conflicting)")

            // The sqlite3 shell is installed by `make test` (scripts/install-deps.sh --test).
            try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "sqlite3 is missing")
            let integrity = try await runCommand("/usr/bin/sqlite3", [db, "PRAGMA integrity_check;"])
            #expect(integrity.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(integrity.stdout)")
            let audit = try await hukou("audit", "verify", "--db", db)
            #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
        }
    }
}
