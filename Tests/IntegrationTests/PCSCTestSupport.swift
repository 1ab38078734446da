import Foundation
import HukouTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The CLI suite's private pcscd (``PCSCSandbox`` from HukouTestSupport) and `hukou` runs against it.
///
/// The `hukou` processes get the sandbox's socket as `PCSCLITE_CSOCK_NAME`; their output goes to files in the
/// sandbox's directory, and the sandbox stops them by PID when it stops.
extension PCSCSandbox {
    /// This suite's vpcd port (the NFCReaderPCSC tests use another, so both suites can run at once).
    static let cliPort = 36_963
    /// This suite's virtual reader, as pcscd names it.
    static let cliReaderName = "Hukou CLI PCD 00 00"

    /// Returns a sandbox, or nil after saying why the test is skipped; under `CI=true` a missing prerequisite
    /// is a failure, not a skip.
    static func make(_ name: String) throws -> PCSCSandbox? {
        if let reason = unavailableReason {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                throw TestHarnessError("CI=true, but the PC/SC tests cannot run: \(reason)")
            }
            print("skipping PC/SC test '\(name)': \(reason)")
            return nil
        }
        return try PCSCSandbox(
            friendlyName: "Hukou CLI PCD",
            port: cliPort,
            directory: URL(fileURLWithPath: "/tmp/hukou-pcsc-cli-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        )
    }

    /// A `hukou` run against this pcscd, started now; ``PCSCCommandRun/finish(within:)`` collects it.
    func startHukou(_ arguments: [String]) throws -> PCSCCommandRun {
        let run = try PCSCCommandRun(arguments, socketPath: socketPath, directory: directory, index: nextLogIndex())
        adopt(run.process)
        return run
    }

    /// Runs `hukou` against this pcscd to the end (at most `limit`).
    func hukou(_ arguments: [String], within limit: Duration = .seconds(20)) async throws -> PCSCCommandResult {
        try await startHukou(arguments).finish(within: limit)
    }
}

/// What a finished `hukou` run left.
struct PCSCCommandResult {
    var status: Int32
    var stdout: String
    var stderr: String

    /// stdout parsed as one JSON object.
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] else {
            throw TestHarnessError("stdout is not a JSON object: \(stdout)")
        }
        return object
    }
}

/// A `hukou` process with its output going to files (no pipe can fill up and stall it).
struct PCSCCommandRun {
    let process: Process
    private let stdoutURL: URL
    private let stderrURL: URL

    init(_ arguments: [String], socketPath: String, directory: URL, index: Int) throws {
        stdoutURL = directory.appendingPathComponent("hukou-\(index).out")
        stderrURL = directory.appendingPathComponent("hukou-\(index).err")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: HukouBinary.path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PCSCLITE_CSOCK_NAME"] = socketPath
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
    }

    /// Waits for the exit (killing the process after `limit`) and reads its output.
    func finish(within limit: Duration) async throws -> PCSCCommandResult {
        let process = self.process
        do {
            try await poll("hukou \(process.arguments?.joined(separator: " ") ?? "") to exit", within: limit) {
                !process.isRunning
            }
        } catch {
            process.terminate()
            process.waitUntilExit()
            throw error
        }
        return PCSCCommandResult(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        )
    }
}
