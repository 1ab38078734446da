import Foundation
import HukouTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What the receipt tests share: the station key, a phone intent asking for a receipt, the daemon's configuration.
struct ReceiptSetup {
    let scratch: ScratchDirectory
    let intents: ProcessIntents
    let stationKeysPath: String
    let phonePath: String
    let configPath: String

    init(_ label: String) async throws {
        scratch = try ScratchDirectory(label)
        intents = try ProcessIntents(scratch: scratch)
        let keyPath = scratch.path("receipt.jwk")
        let key = try await hukou("receipt", "key", "--out", keyPath, "--kid", "station-e2e")
        guard key.status == 0 else { throw TestHarnessError("receipt key failed: \(key.stderr)") }
        stationKeysPath = scratch.path("station-keys.json")
        try key.stdout.write(toFile: stationKeysPath, atomically: true, encoding: .utf8)
        phonePath = scratch.path("phone.ndef")
        let made = try await hukou(
            "intent",
            "make",
            "--phone",
            "--receipt",
            "--service",
            "ID_RENEW",
            "--key",
            intents.keyPath,
            "--field",
            "name=张小明",
            "--field",
            "id=110101199003070011",
            "--field",
            "renew_reason=expiring",
            "--ttl",
            "600",
            "--ndef-file",
            phonePath
        )
        guard made.status == 0 else { throw TestHarnessError("intent make failed: \(made.stderr)") }
        configPath = scratch.path("hukou.toml")
        try """
        [receipt]
        key = "\(keyPath)"
        station = "东华门派出所"
        """.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Waits for the `n`-th receipt a virtual device printed as written, and returns its hex.
    static func writtenHex(_ output: @escaping () -> String, count: Int = 1, timeout: Duration = .seconds(30)) async
        -> String?
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let lines = output().split(separator: "\n").filter { $0.hasPrefix("NDEF message written") }
            if lines.count >= count, let hex = lines[count - 1].split(separator: " ").last {
                return String(hex)
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// `hukou receipt verify` on a written message: the receipt's claims.
    func verify(_ hex: String) async throws -> [String: Any] {
        let result = try await hukou("receipt", "verify", "--keys", stationKeysPath, "--hex", hex)
        guard result.status == 0 else { throw TestHarnessError("receipt verify failed: \(result.stderr)") }
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        guard let receipt = json?["receipt"] as? [String: Any], json?["kid"] as? String == "station-e2e" else {
            throw TestHarnessError("receipt verify printed \(result.stdout)")
        }
        return receipt
    }

    /// The clerk confirms the oldest pending request of window 1 (the prompt reads standard input).
    func confirm(db: String) async throws {
        let result = try await hukou(
            "counter",
            "--db",
            db,
            "--window",
            "1",
            "--config",
            try staffConfig(scratch: scratch),
            stdin: "确认\n退出\n"
        )
        guard result.status == 0 else { throw TestHarnessError("counter failed: \(result.stderr)") }
    }
}

@Suite(
    "Receipts end to end through the stock libnfc and a virtual PN532",
    .serialized,
    .enabled(if: LibNFCProcess.isAvailable),
    .timeLimit(.minutes(3))
)
struct ReceiptLibNFCEndToEndTests {
    @Test("a phone asking for a receipt: pending receipt at the tap, the ticket of hukou queue list at the repeat")
    func receiptThroughLibNFC() async throws {
        let setup = try await ReceiptSetup("receipt-libnfc")
        defer { setup.scratch.remove() }
        let directory = setup.scratch.url
        let link = setup.scratch.path("pn532")
        let device = try LibNFCProcess(
            [
                "virtual", "pn532", "--link", link, "--tag", "type4", "--file", setup.phonePath, "--file-size",
                "2048",
            ],
            in: directory
        )
        defer { device.terminate() }
        #expect(await LibNFCProcess.waitForFile(link, timeout: .seconds(10)), "no link: \(device.stderr)")
        let db = setup.scratch.path("counter.sqlite")
        let daemon = try await DaemonProcess(
            arguments: [
                "--config", setup.configPath, "--db", db, "--reader", "libnfc:pn532_uart:\(link)@1", "--keys",
                setup.intents.trustedKeysPath,
            ],
            socketPath: setup.scratch.path("control.sock"),
            logPath: setup.scratch.path("daemon.log")
        )
        defer { daemon.killNow() }

        let first = try #require(
            await ReceiptSetup.writtenHex({ device.stdout }),
            "no receipt written: \(device.stderr) \(daemon.log(tail: 30))"
        )
        let pending = try await setup.verify(first)
        #expect(pending["state"] as? String == "pending" && pending["tkt"] == nil && pending["win"] as? Int == 1)
        #expect(pending["stn"] as? String == "东华门派出所" && pending["svc"] as? String == "ID_RENEW")
        // What a trainer sees on the virtual phone's terminal.
        #expect(device.stdout.contains("receipt (signature not checked here): 东华门派出所, window 1"), "\(device.stdout)")
        #expect(device.stdout.contains("state pending, ticket -"))
        var rows = try await queueList(db: db)
        #expect(rows.count == 1 && rows.first?.state == "pending" && rows.first?.ticket == nil)

        // The clerk confirms; the citizen taps the same intent again: a repeat, with the ticket written back.
        try await setup.confirm(db: db)
        device.terminate()
        let again = try LibNFCProcess(
            [
                "virtual", "pn532", "--link", link, "--tag", "type4", "--file", setup.phonePath, "--file-size",
                "2048",
            ],
            in: directory
        )
        defer { again.terminate() }
        let second = try #require(
            await ReceiptSetup.writtenHex({ again.stdout }),
            "no second receipt: \(again.stderr) \(daemon.log(tail: 30))"
        )
        let confirmed = try await setup.verify(second)
        rows = try await queueList(db: db)
        let ticket = try #require(rows.first?.ticket)
        #expect(rows.count == 1)
        #expect(confirmed["tkt"] as? String == ticket && confirmed["state"] as? String == "confirmed")
        #expect(confirmed["nonce"] as? String == pending["nonce"] as? String)
        #expect(await daemon.stop(signal: SIGTERM) == 0)
        let log = daemon.log(tail: 400)
        #expect(log.contains("receipt delivered") && log.contains("citizen feedback"), "\(log)")
        #expect(log.contains("feedback=accepted") && log.contains("feedback=repeated"), "\(log)")
        #expect(!log.contains("张小明") && !log.contains("110101199003070011"))
    }
}

@Suite(
    "Receipts end to end through a real pcscd and vpcd",
    .serialized,
    .enabled(if: PCSCSandbox.shouldRun, "needs root, unshare, nsenter, pcscd and vsmartcard-vpcd"),
    .timeLimit(.minutes(3))
)
struct ReceiptPCSCEndToEndTests {
    /// The written receipts a card printed, read from the newest card log of the sandbox.
    static func cardOutput(_ sandbox: PCSCSandbox) -> String {
        let logs = (try? FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path)) ?? []
        let newest = logs.filter { $0.hasPrefix("card-") }.max {
            (Int($0.dropFirst(5).dropLast(4)) ?? 0) < (Int($1.dropFirst(5).dropLast(4)) ?? 0)
        }
        guard let newest else { return "" }
        return (try? String(contentsOf: sandbox.directory.appendingPathComponent(newest), encoding: .utf8)) ?? ""
    }

    @Test("a phone on the virtual PC/SC reader gets a pending receipt, then the ticket of hukou queue list")
    func receiptThroughPCSC() async throws {
        guard let sandbox = try PCSCSandbox.make("receipt") else { return }
        defer { sandbox.stop() }
        let setup = try await ReceiptSetup("receipt-pcsc")
        defer { setup.scratch.remove() }
        try await sandbox.startPCSCD()
        let db = setup.scratch.path("counter.sqlite")
        let socket = setup.scratch.path("control.sock")
        let daemon = try sandbox.startHukou([
            "daemon", "--config", setup.configPath, "--db", db, "--control", socket,
            "--reader", "pcsc:\(PCSCSandbox.cliReaderName)@1", "--keys", setup.intents.trustedKeysPath,
        ])
        try await poll("the daemon's reader to be ready", within: .seconds(30)) {
            guard daemon.process.isRunning else { return true }
            let status = try? await hukou("daemon", "--status", "--control", socket, timeout: .seconds(5))
            return status?.status == 0 && status?.stdout.contains("\"ready\"") == true
        }
        try #require(daemon.process.isRunning, "the daemon exited")
        let phone = [UInt8](try Data(contentsOf: URL(fileURLWithPath: setup.phonePath)))

        let card = try sandbox.startCard(tag: "type4", ndef: phone, extra: ["--file-size", "2048"])
        let first = try #require(await ReceiptSetup.writtenHex({ Self.cardOutput(sandbox) }), "no receipt written")
        let pending = try await setup.verify(first)
        #expect(pending["state"] as? String == "pending" && pending["tkt"] == nil && pending["win"] as? Int == 1)

        try await setup.confirm(db: db)
        try await sandbox.remove(card)
        try sandbox.startCard(tag: "type4", ndef: phone, extra: ["--file-size", "2048"])
        let second = try #require(await ReceiptSetup.writtenHex({ Self.cardOutput(sandbox) }), "no second receipt")
        let confirmed = try await setup.verify(second)
        let rows = try await queueList(db: db)
        let ticket = try #require(rows.first?.ticket)
        #expect(rows.count == 1)
        #expect(confirmed["tkt"] as? String == ticket && confirmed["state"] as? String == "confirmed")
        daemon.process.terminate()
        daemon.process.waitUntilExit()
    }
}
