import Foundation
import HukouTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension CounterProcessTests {
    /// The whole chain with the real processes: `hukou daemon` on simulated readers, taps with `hukou tap`, the clerk's
    /// `hukou counter` driven through a pseudo-terminal (tmux), then `hukou queue list --json` and `hukou audit verify`.
    @Suite("Daemon end to end", .serialized)
    struct DaemonEndToEndTests {
        @Test("tap → counter shows it without a keypress → confirm, next, start, complete → queue and audit agree")
        func endToEnd() async throws {
            try #require(TmuxSession.available, "tmux is needed for the pseudo-terminal")
            let scratch = try ScratchDirectory("e2e")
            defer { scratch.remove() }
            let intents = try ProcessIntents(scratch: scratch)
            let db = scratch.path("counter.sqlite")
            let socket = scratch.path("control.sock")
            let daemon = try await DaemonProcess(
                arguments: [
                    "--db", db, "--reader", "sim:window1@1", "--reader", "sim:window2@2", "--keys",
                    intents.trustedKeysPath,
                ],
                socketPath: socket,
                logPath: scratch.path("daemon.log")
            )
            defer { daemon.killNow() }

            // The socket is private to the daemon's user.
            let mode = (try FileManager.default.attributesOfItem(atPath: socket)[.posixPermissions] as? NSNumber)?
                .intValue
            #expect(mode == 0o600)

            let counter = try await TmuxSession(
                command: try counterCommand(scratch: scratch, db: db, socket: socket, window: 1)
            )
            defer { counter.kill() }
            try #require(try await counter.waitFor("窗口1>", timeout: .seconds(15)) != nil, "no prompt: \(counter.text)")

            // A service card on window 1 (Type 2): appears at the counter by itself.
            let card = try await intents.card("ID_RENEW", window: 1)
            let tapped = try await hukou(
                "tap",
                "--control",
                socket,
                "--reader",
                "window1",
                "--hex",
                card,
                "--tag-type",
                "2"
            )
            let reply = try #require(TapReply.parse(tapped), "tap failed: \(tapped.stderr) \(daemon.log(tail: 20))")
            #expect(reply.state == "pending" && !reply.duplicate && reply.window == 1)
            let shown = try await counter.waitFor("新请求 #\(reply.transactionID)", timeout: .seconds(3))
            #expect(shown != nil, "the tap did not appear without a keypress: \(counter.text)")

            // The same card again: the same transaction, flagged duplicate, nothing new at the counter.
            let againResult = try await hukou(
                "tap",
                "--control",
                socket,
                "--reader",
                "window1",
                "--hex",
                card,
                "--tag-type",
                "2"
            )
            let again = try #require(TapReply.parse(againResult))
            #expect(again.duplicate && again.transactionID == reply.transactionID)
            #expect(
                try await counter.waitFor("重复碰卡 #\(reply.transactionID)", timeout: .seconds(3)) != nil,
                "the repeat was not flagged: \(counter.text)"
            )

            // A signed phone intent on window 2 (Type 4 HCE) and a refused one (unknown business).
            let phoneHex = try await intents.phone()
            let phoneResult = try await hukou("tap", "--control", socket, "--reader", "window2", "--hex", phoneHex)
            let phone = try #require(TapReply.parse(phoneResult), "\(phoneResult.stderr)")
            #expect(phone.window == 2 && !phone.duplicate)
            let unknownCard = try await intents.card("NO_SUCH")
            let refused = try await hukou(
                "tap",
                "--control",
                socket,
                "--reader",
                "window1",
                "--hex",
                unknownCard,
                "--tag-type",
                "2"
            )
            #expect(refused.status == 65)
            #expect(refused.stderr.contains("unknownBusiness") && refused.stdout.isEmpty, "\(refused.stderr)")

            // Bytes that are not NDEF: refused with the reason `hukou intent check` gives (record / malformedNDEF).
            let malformed = try await hukou("tap", "--control", socket, "--reader", "window1", "--hex", "d1010954")
            #expect(malformed.status == 65 && malformed.stdout.isEmpty)
            #expect(malformed.stderr.contains("record [malformedNDEF]"), "\(malformed.stderr)")

            // The clerk: confirm → ticket B…, call, start, complete.
            try await counter.type("确认 \(reply.transactionID)")
            let ticketShown = try await counter.waitFor("票号 B001", timeout: .seconds(5))
            #expect(ticketShown != nil, "\(counter.text)")
            try await counter.type("叫号")
            #expect(try await counter.waitFor("请 B001 号到 1 号窗口办理", timeout: .seconds(5)) != nil, "\(counter.text)")
            try await counter.type("开始")
            #expect(try await counter.waitFor("B001 开始办理", timeout: .seconds(5)) != nil)
            // A service card: the application view says so, and lists the materials to tick off.
            #expect(try await counter.waitFor("服务卡，无个人数据", timeout: .seconds(5)) != nil, "\(counter.text)")
            try await counter.type("核验 1 2")
            #expect(try await counter.waitFor("(2/2)", timeout: .seconds(5)) != nil, "\(counter.text)")
            try await counter.type("办结")
            #expect(try await counter.waitFor("B001 已办结", timeout: .seconds(5)) != nil, "\(counter.text)")
            try await counter.type("quit")

            let rows = try await queueList(db: db)
            let done = try #require(rows.first { $0.id == reply.transactionID })
            #expect(done.state == "completed" && done.ticket == "B001" && done.window == 1)
            #expect(rows.first { $0.id == phone.transactionID }?.state == "pending")
            #expect(rows.count == 2)
            let audit = try await hukou("audit", "verify", "--db", db)
            #expect(audit.status == 0, "\(audit.stdout) \(audit.stderr)")

            // Graceful shutdown: exit 0, socket removed, names and ID numbers never in the log.
            #expect(await daemon.stop(signal: SIGTERM) == 0)
            #expect(!FileManager.default.fileExists(atPath: socket))
            let log = daemon.log(tail: 1000)
            #expect(!log.contains("110101199003070011") && !log.contains("张小明"), "the daemon log leaks personal data")
            #expect(log.contains("110***********0011"))
        }

        @Test("an unusable configuration exits 78 with the problem named")
        func badConfiguration() async throws {
            let scratch = try ScratchDirectory("cfg")
            defer { scratch.remove() }
            let file = scratch.path("hukou.toml")
            try "[readers]\nbind = [\"sim:window1@1\"]\n[store]\ndatabse = \"x\"\n".write(
                toFile: file,
                atomically: true,
                encoding: .utf8
            )
            let typo = try await hukou("daemon", "--config", file)
            #expect(typo.status == 78 && typo.stderr.contains("databse"), "\(typo.stderr)")
            let noReader = try await hukou("daemon", "--db", scratch.path("c.sqlite"))
            #expect(noReader.status == 78 && noReader.stderr.contains("reader"))
            let badReader = try await hukou("daemon", "--db", scratch.path("c.sqlite"), "--reader", "usb:thing@1")
            #expect(badReader.status == 78)
            let noDaemon = try await hukou(
                "tap",
                "--control",
                scratch.path("none.sock"),
                "--reader",
                "w",
                "--hex",
                "d00000"
            )
            #expect(noDaemon.status == 69)
        }
    }
}
