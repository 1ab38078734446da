import Foundation
import GRDB
import HukouTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension CounterProcessTests {
    /// Who may open the prompt, with the real executable: the roster, sudo's variables, training mode.
    @Suite("Staff identity end to end", .serialized)
    struct StaffProcessTests {
        @Test("a login not on the roster is refused (exit 77) with a message in both languages")
        func unknownLogin() async throws {
            let scratch = try ScratchDirectory("staff")
            defer { scratch.remove() }
            let config = scratch.path("counter.toml")
            try "[[staff]]\nlogin = \"nobody-here\"\nname = \"甲\"\nnumber = \"1\"\nrole = \"supervisor\"\n".write(
                toFile: config,
                atomically: true,
                encoding: .utf8
            )
            let refused = try await hukou(
                "counter",
                "--config",
                config,
                "--db",
                scratch.path("c.sqlite"),
                "--window",
                "1"
            )
            #expect(refused.status == 77, "\(refused.stderr)")
            #expect(refused.stderr.contains("不在人员名单") && refused.stderr.contains("not on the staff roster"))
            #expect(refused.stderr.contains(NSUserName()))
        }

        @Test("--operator outside training mode is refused: the operator is never typed")
        func typedOperator() async throws {
            let scratch = try ScratchDirectory("staff")
            defer { scratch.remove() }
            let config = try staffConfig(scratch: scratch)
            let refused = try await hukou(
                "counter",
                "--config",
                config,
                "--db",
                scratch.path("c.sqlite"),
                "--window",
                "1",
                "--operator",
                "张警官"
            )
            #expect(refused.status == 77 && refused.stderr.contains("--operator"), "\(refused.stderr)")
        }

        @Test("sudo's variables: ignored when not running as the service account, refused when they do not hold")
        func sudoVariables() async throws {
            let scratch = try ScratchDirectory("staff")
            defer { scratch.remove() }
            let db = scratch.path("counter.sqlite")
            let daemon = try await startCounterDaemon(scratch)
            _ = await daemon.stop(signal: SIGTERM)
            // Someone sets SUDO_USER in their own shell: it counts for nothing, their own login is the operator.
            let forged = try await runCommand(
                "/usr/bin/env",
                [
                    "SUDO_USER=boss", "SUDO_UID=4242", HukouBinary.path, "counter", "--config",
                    try staffConfig(scratch: scratch), "--db", db, "--window", "1",
                ],
                stdin: "列表\n退出\n"
            )
            #expect(forged.status == 0, "\(forged.stderr)")
            #expect(forged.stdout.contains("王警官（010001）"), "\(forged.stdout)")
            // Running as the service account (here: this login) with sudo's variables that do not match the account
            // database, and not started by sudo: refused.
            let asService = try staffConfig(
                scratch: scratch,
                windows: [1],
                extra: "[counter]\nservice_account = \"\(NSUserName())\""
            )
            let untrusted = try await runCommand(
                "/usr/bin/env",
                ["SUDO_USER=boss", "SUDO_UID=4242", HukouBinary.path, "counter", "--config", asService],
                stdin: "退出\n"
            )
            #expect(untrusted.status == 77, "\(untrusted.stderr)")
            #expect(untrusted.stderr.contains("SUDO_USER"), "\(untrusted.stderr)")
        }

        @Test("a clerk of window 2 cannot open window 1's prompt, nor confirm or reject its taps by number")
        func crossWindow() async throws {
            let scratch = try ScratchDirectory("staff")
            defer { scratch.remove() }
            let intents = try ProcessIntents(scratch: scratch)
            let db = scratch.path("counter.sqlite")
            let socket = scratch.path("control.sock")
            let daemon = try await startCounterDaemon(scratch, intents: intents)
            defer { daemon.killNow() }
            let reply = try await tapPhone(try await intents.phone(), socket: socket)
            let config = try staffConfig(scratch: scratch, windows: [2])
            let window1 = try await hukou("counter", "--config", config, "--db", db, "--window", "1", stdin: "确认\n")
            #expect(window1.status == 77 && window1.stderr.contains("1 号窗口不是您的窗口"), "\(window1.stderr)")
            let window2 = try await hukou(
                "counter",
                "--config",
                config,
                "--db",
                db,
                "--window",
                "2",
                stdin: "确认 \(reply.transactionID)\n退回 \(reply.transactionID) 材料不全\n退出\n"
            )
            #expect(window2.status == 0, "\(window2.stderr)")
            #expect(window2.stdout.components(separatedBy: "不是您的窗口").count - 1 == 2, "\(window2.stdout)")
            let rows = try await queueList(db: db)
            #expect(rows.first?.state == "pending")
            let audit = try DatabaseQueue(path: db)
            let refused = try await audit.read { db in
                try String.fetchAll(db, sql: "SELECT details FROM audit_log WHERE action = 'refused' ORDER BY seq")
            }
            #expect(
                refused == [
                    "action=open_prompt reason=window=1 role=clerk", "action=confirm reason=window=1 role=clerk",
                    "action=reject reason=window=1 role=clerk",
                ]
            )
        }

        @Test(
            "hukou application show|export: the hand-off record for the own window's clerk, audited; refused at another"
        )
        func handoff() async throws {
            let scratch = try ScratchDirectory("handoff")
            defer { scratch.remove() }
            let intents = try ProcessIntents(scratch: scratch)
            let db = scratch.path("counter.sqlite")
            let socket = scratch.path("control.sock")
            let daemon = try await startCounterDaemon(scratch, intents: intents)
            defer { daemon.killNow() }
            let phone = try await intents.phone(more: ["delivery_addr=北京市东城区东华门街道100号"])
            let id = String(try await tapPhone(phone, socket: socket).transactionID)
            let folder = scratch.path("handoff")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let own = try staffConfig(
                scratch: scratch,
                windows: [1],
                extra: "[counter]\nhandoff_directory = \"handoff\""
            )

            let shown = try await hukou("application", "show", "--config", own, "--db", db, "--id", id)
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(shown.stdout.contains("\"format\" : \"hukou-handoff\"") && shown.stdout.contains("\"version\" : 1"))
            #expect(shown.stdout.contains("110101199003070011") && shown.stdout.contains("东华门"), "\(shown.stdout)")
            let text = try await hukou(
                "application",
                "show",
                "--config",
                own,
                "--db",
                db,
                "--id",
                id,
                "--format",
                "text"
            )
            #expect(text.stdout.contains("申请人公民身份号码: 110101199003070011"), "\(text.stdout)")

            let exported = try await hukou("application", "export", "--config", own, "--db", db, "--id", id)
            #expect(exported.status == 0, "\(exported.stderr)")
            let path = exported.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(path.hasPrefix(folder + "/hukou-handoff-\(id)-") && path.hasSuffix(".json"), "\(path)")
            let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?
                .intValue
            #expect(mode == 0o600)

            let other = try staffConfig(scratch: scratch, windows: [2])
            let refused = try await hukou("application", "show", "--config", other, "--db", db, "--id", id)
            #expect(refused.status == 77 && refused.stdout.isEmpty, "\(refused.stdout)")
            #expect(refused.stderr.contains("1 号窗口不是您的窗口"), "\(refused.stderr)")

            let audit = try DatabaseQueue(path: db)
            let rows = try await audit.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT action, details FROM audit_log WHERE action IN ('export', 'refused') ORDER BY seq"
                )
            }
            let actions: [String] = rows.map { $0["action"] }
            #expect(actions == ["export", "export", "export", "refused"])
            let details: [String] = rows.map { $0["details"] }
            #expect(details.first == "fields=name,id,delivery_addr,renew_reason format=json to=stdout")
            #expect(!details.joined().contains("110101199003070011"))
        }

        @Test("training mode: only on the configured training database, and every screen says so")
        func training() async throws {
            let scratch = try ScratchDirectory("staff")
            defer { scratch.remove() }
            let training = scratch.path("training.sqlite")
            let daemon = try await startCounterDaemon(scratch, db: "training.sqlite")
            _ = await daemon.stop(signal: SIGTERM)
            let config = try staffConfig(
                scratch: scratch,
                extra: "[counter]\ntraining_database = \"training.sqlite\""
            )
            let elsewhere = try await hukou(
                "counter",
                "--config",
                config,
                "--db",
                scratch.path("real.sqlite"),
                "--window",
                "1",
                "--training",
                "--operator",
                "学员甲"
            )
            #expect(elsewhere.status == 77 && elsewhere.stderr.contains("training_database"), "\(elsewhere.stderr)")
            let trainee = try await hukou(
                "counter",
                "--config",
                config,
                "--db",
                training,
                "--window",
                "1",
                "--training",
                "--operator",
                "学员甲",
                stdin: "叫号\n退出\n"
            )
            #expect(trainee.status == 0, "\(trainee.stderr)")
            #expect(trainee.stdout.contains("【培训模式】"))
            let prompts = trainee.stdout.components(separatedBy: "窗口1>").count - 1
            let marked = trainee.stdout.components(separatedBy: "【培训】窗口1>").count - 1
            #expect(prompts >= 2 && prompts == marked, "\(trainee.stdout)")
        }
    }
}
