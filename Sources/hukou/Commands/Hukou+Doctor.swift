import ArgumentParser
import CounterStaff
import Foundation
import NFCReaderPCSC
import ReaderDoctor

extension Hukou {
    /// `hukou doctor`: checks the machine for what keeps NFC readers from working, each finding with its fix.
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "doctor",
            abstract: "Check kernel modules, the module blacklist, pcscd, USB permissions and libccid options.",
            discussion: "Exits with status 1 when a finding is a problem that stops tags from being read."
        )

        @Flag(help: "Print one JSON object instead of text.")
        var json = false
        @OptionGroup var staff: StaffGate

        func run() async throws {
            try await staff.check(.doctor, command: "doctor")
            let report = await PCSCDiscovery.readers()
            let facts = PCSCFacts(reachable: report.reachable, readerNames: report.readers.map(\.name))
            let findings = ReaderDoctor.Doctor(probe: LiveSystemProbe(), pcsc: facts).run()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(["findings": findings]), as: UTF8.self))
            } else {
                print(Self.render(findings), terminator: "")
            }
            if findings.contains(where: { $0.severity == .problem }) { throw ExitCode.failure }
        }

        static func render(_ findings: [DoctorFinding]) -> String {
            var out = ""
            for finding in findings {
                let mark =
                    switch finding.severity {
                    case .ok: "ok     "
                    case .info: "info   "
                    case .warning: "WARNING"
                    case .problem: "PROBLEM"
                    }
                out += "\(mark) [\(finding.check)] \(finding.summary)\n"
                if let fix = finding.fix { out += "        fix: \(fix)\n" }
            }
            let problems = findings.filter { $0.severity == .problem }.count
            let warnings = findings.filter { $0.severity == .warning }.count
            out += "\(problems) problem(s), \(warnings) warning(s)\n"
            return out
        }
    }
}
