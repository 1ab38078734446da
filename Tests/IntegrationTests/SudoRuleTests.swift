import Foundation
import HukouTestSupport
import Testing

/// The documented sudo rules (`Hardware/sudoers/hukou-counter`) let a clerk run the prompt and nothing else, a
/// supervisor the prompt and the store's upkeep on the configured database, a technician the reader commands: exact
/// argument lists, no wildcard and no option that points at another database, key, socket, configuration or file. (This machine has no sudo; the prompt's own refusal of those options under sudo is tested on an
/// injected identity in `CounterStaffTests`.)
@Suite("The sudo rule")
struct SudoRuleTests {
    /// The rule file's logical lines (continuations joined), without comments.
    static func lines() throws -> [String] {
        let file = HukouBinary.packageRoot.appendingPathComponent("Hardware/sudoers/hukou-counter")
        let text = try String(contentsOf: file, encoding: .utf8)
        let logical = text.replacingOccurrences(of: "\\\n", with: " ")
        return logical.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    }

    /// The commands of one `Cmnd_Alias`, one per entry.
    static func commands(_ alias: String = "HUKOU_PROMPT") throws -> [String] {
        let prefix = "Cmnd_Alias \(alias) ="
        let line = try #require(try lines().first { $0.hasPrefix(prefix) })
        return line.dropFirst(prefix.count).split(separator: ",").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
    }

    /// What no rule may let through: a wildcard (it also matches further options) or an option that points the
    /// command at another configuration, key, socket, operator or a file read as the service account.
    static func expectNothingOpen(_ command: String) {
        #expect(!command.contains("*"), "a wildcard also matches further options: \(command)")
        for option in ["--store-key", "--control", "--config", "--operator", "--training", "--hex", "--file", "sim:"] {
            #expect(!command.contains(option), "\(command)")
        }
    }

    @Test("only `hukou counter`, exact argument lists, no path options")
    func onlyThePrompt() throws {
        let commands = try Self.commands()
        #expect(commands.count >= 2)
        for command in commands {
            #expect(command.hasPrefix("/usr/local/bin/hukou counter"), "\(command)")
            Self.expectNothingOpen(command)
            #expect(!command.contains("--db"), "\(command)")
            let arguments = command.dropFirst("/usr/local/bin/hukou counter".count).split(separator: " ")
            let allowed = arguments.allSatisfy {
                ["\"\"", "--window", "--lang", "en"].contains($0) || $0.hasPrefix("[1-9]")
            }
            #expect(allowed, "\(command)")
        }
        #expect(try Self.lines().contains("%counter-clerks ALL=(hukou) NOPASSWD: HUKOU_PROMPT"))
    }

    @Test(
        "supervisors: prompt, audit verify, backup, purge, stats, evaluation list and rectify; the configured database only"
    )
    func supervisors() throws {
        let commands = try Self.commands("HUKOU_SUPERVISOR")
        let database = "--db /var/lib/hukou/counter.sqlite"
        let backup = "--to /var/lib/hukou/backup/counter-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].sqlite"
        #expect(
            Set(commands)
                == Set<String>([
                    "/usr/local/bin/hukou audit verify \(database)",
                    "/usr/local/bin/hukou db backup \(database) \(backup)",
                    "/usr/local/bin/hukou db purge \(database)",
                    "/usr/local/bin/hukou db purge \(database) --dry-run",
                    "/usr/local/bin/hukou stats \(database)",
                    "/usr/local/bin/hukou stats \(database) --date [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]",
                    "/usr/local/bin/hukou evaluation list \(database) --bad",
                    "/usr/local/bin/hukou evaluation list \(database) --open",
                ]).union(
                    (0..<7).map { digits in
                        let number = "[1-9]" + String(repeating: "[0-9]", count: digits)
                        return "/usr/local/bin/hukou evaluation rectify \(database) --transaction \(number) --note -"
                    }
                )
        )
        commands.forEach(Self.expectNothingOpen)
        #expect(try Self.lines().contains("%counter-supervisors ALL=(hukou) NOPASSWD: HUKOU_PROMPT, HUKOU_SUPERVISOR"))
    }

    @Test("technicians: readers, doctor and a tag read on a real reader, never the store")
    func technicians() throws {
        let commands = try Self.commands("HUKOU_TECHNICIAN")
        #expect(commands.count == 8)
        for command in commands {
            Self.expectNothingOpen(command)
            #expect(!command.contains("--db") && !command.contains("counter"), "\(command)")
            let allowed =
                [
                    "/usr/local/bin/hukou readers \"\"", "/usr/local/bin/hukou readers --json",
                    "/usr/local/bin/hukou doctor \"\"", "/usr/local/bin/hukou doctor --json",
                ].contains(command)
                || ["pcsc", "libnfc"].contains { reader in
                    ["", " --json"].contains { command == "/usr/local/bin/hukou tag read --reader \(reader)" + $0 }
                }
            #expect(allowed, "\(command)")
        }
        #expect(try Self.lines().contains("%counter-technicians ALL=(hukou) NOPASSWD: HUKOU_TECHNICIAN"))
    }
}
