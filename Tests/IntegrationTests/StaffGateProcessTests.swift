import Foundation
import HukouTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension CounterProcessTests {
    /// The store's and the readers' commands ask the roster under sudo, with the real executable.
    @Suite("Staff roles for the store's commands end to end", .serialized)
    struct StaffGateProcessTests {
        /// A store made by a daemon (stopped again), and a configuration whose service account is this login with
        /// this login on the roster as a supervisor.
        static func store(_ label: String) async throws -> (ScratchDirectory, db: String, config: String) {
            let scratch = try ScratchDirectory(label)
            do {
                let daemon = try await startCounterDaemon(scratch)
                _ = await daemon.stop(signal: SIGTERM)
                let config = try staffConfig(
                    scratch: scratch,
                    role: "supervisor",
                    windows: [],
                    extra: "[counter]\nservice_account = \"\(NSUserName())\""
                )
                return (scratch, scratch.path("counter.sqlite"), config)
            } catch {
                scratch.remove()
                throw error
            }
        }

        @Test("audit verify: refused (exit 77, both languages) with forged sudo variables; a plain run still works")
        func auditVerify() async throws {
            let (scratch, db, asService) = try await Self.store("staff-gate")
            defer { scratch.remove() }

            // Running as the service account (here: this login) with sudo's variables that do not match the account
            // database, and not started by sudo: refused before anything is opened.
            let forged = try await runCommand(
                "/usr/bin/env",
                [
                    "SUDO_USER=boss", "SUDO_UID=4242", HukouBinary.path, "audit", "verify", "--config", asService,
                    "--db", db,
                ]
            )
            #expect(forged.status == 77, "\(forged.stderr)")
            #expect(forged.stdout.isEmpty, "\(forged.stdout)")
            let line = forged.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!line.contains("\n") && line.hasPrefix("hukou: audit verify: "), "\(line)")
            #expect(line.contains("无法确认操作人") && line.contains("cannot be established"), "\(line)")

            // Not under sudo (the unit's and the technician's bring-up): works as before, roster or not.
            let plain = try await hukou("audit", "verify", "--db", db)
            #expect(plain.status == 0, "\(plain.stderr)")
            let withRoster = try await hukou("audit", "verify", "--config", asService, "--db", db)
            #expect(withRoster.status == 0, "\(withRoster.stderr)")
        }

        @Test("stats, evaluation list and rectify ask the roster too: refused under forged sudo, plain runs work")
        func statisticsAndEvaluations() async throws {
            let (scratch, db, asService) = try await Self.store("staff-gate-stats")
            defer { scratch.remove() }
            let commands: [(name: String, arguments: [String])] = [
                ("stats", ["stats", "--db", db, "--json"]),
                ("evaluation list", ["evaluation", "list", "--db", db, "--bad", "--json"]),
                ("evaluation rectify", ["evaluation", "rectify", "--db", db, "--transaction", "1", "--note", "已整改"]),
            ]
            let before = try await hukou("audit", "verify", "--db", db)
            for command in commands {
                let forged = try await runCommand(
                    "/usr/bin/env",
                    ["SUDO_USER=boss", "SUDO_UID=4242", HukouBinary.path] + command.arguments + ["--config", asService]
                )
                #expect(forged.status == 77, "\(command.name): \(forged.stderr)")
                #expect(forged.stdout.isEmpty, "\(command.name): \(forged.stdout)")
                let line = forged.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(line.hasPrefix("hukou: \(command.name): ") && line.contains("cannot be established"), "\(line)")
            }
            #expect(
                try await hukou("audit", "verify", "--db", db).stdout == before.stdout,
                "a refusal changed the store"
            )

            // Not under sudo: as before.
            let stats = try await hukou("stats", "--db", db, "--json")
            #expect(stats.status == 0 && stats.stdout.contains("schemaVersion"), "\(stats.stderr)")
            let list = try await hukou("evaluation", "list", "--db", db, "--bad", "--json", "--config", asService)
            #expect(list.status == 0 && list.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
            // Past the gate, the store's own rule answers: transaction 1 has no bad evaluation.
            let rectify = try await hukou(
                "evaluation",
                "rectify",
                "--db",
                db,
                "--transaction",
                "1",
                "--note",
                "已整改",
                "--operator",
                "王警官"
            )
            #expect(rectify.status != 0 && rectify.status != 77, "\(rectify.status) \(rectify.stderr)")
            // The sudo rule's form reads the note from standard input: an empty one is refused as empty, a note
            // gets as far as the store (which has no bad evaluation to rectify).
            let empty = try await runCommand(
                "/bin/sh",
                [
                    "-c",
                    "\(HukouBinary.path) evaluation rectify --db '\(db)' --transaction 1 --note - --operator x </dev/null",
                ]
            )
            #expect(empty.status != 0 && empty.stderr.contains("note"), "\(empty.stderr)")
            let piped = try await runCommand(
                "/bin/sh",
                [
                    "-c",
                    "echo 已整改 | \(HukouBinary.path) evaluation rectify --db '\(db)' --transaction 1 --note - --operator x",
                ]
            )
            #expect(piped.status != 0 && !piped.stderr.contains("note"), "\(piped.stderr)")
        }
    }
}
