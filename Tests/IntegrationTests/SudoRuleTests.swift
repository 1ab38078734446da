import Foundation
import HukouTestSupport
import Testing

/// The documented sudo rule (`Hardware/sudoers/hukou-counter`) lets a clerk run the prompt and nothing else: every
/// command it allows is `hukou counter` with no wildcard and no option that points at another database, key, socket
/// or configuration. (This machine has no sudo; the prompt's own refusal of those options under sudo is tested on an
/// injected identity in `CounterStaffTests`.)
@Suite("The sudo rule")
struct SudoRuleTests {
    /// The commands of the rule's `Cmnd_Alias`, one per entry.
    static func commands() throws -> [String] {
        let file = HukouBinary.packageRoot.appendingPathComponent("Hardware/sudoers/hukou-counter")
        let text = try String(contentsOf: file, encoding: .utf8)
        let logical = text.replacingOccurrences(of: "\\\n", with: " ")
        let lines = logical.split(separator: "\n").filter { !$0.hasPrefix("#") }
        let alias = try #require(lines.first { $0.hasPrefix("Cmnd_Alias HUKOU_PROMPT =") })
        return alias.dropFirst("Cmnd_Alias HUKOU_PROMPT =".count).split(separator: ",").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
    }

    @Test("only `hukou counter`, exact argument lists, no path options")
    func onlyThePrompt() throws {
        let commands = try Self.commands()
        #expect(commands.count >= 2)
        for command in commands {
            #expect(command.hasPrefix("/usr/local/bin/hukou counter"), "\(command)")
            #expect(!command.contains("*"), "a wildcard also matches further options: \(command)")
            for option in ["--db", "--store-key", "--control", "--config", "--operator", "--training"] {
                #expect(!command.contains(option), "\(command)")
            }
            let arguments = command.dropFirst("/usr/local/bin/hukou counter".count).split(separator: " ")
            let allowed = arguments.allSatisfy {
                ["\"\"", "--window", "--lang", "en"].contains($0) || $0.hasPrefix("[1-9]")
            }
            #expect(allowed, "\(command)")
        }
        let file = HukouBinary.packageRoot.appendingPathComponent("Hardware/sudoers/hukou-counter")
        let rule = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(rule.last == "%counter-clerks ALL=(hukou) NOPASSWD: HUKOU_PROMPT")
    }
}
