import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private pcscd with vsmartcard's vpcd driver, for driving `hukou` through the real PC/SC stack.
///
/// pcscd runs in its own network namespace (vpcd's `0.0.0.0:PORT` listeners exist only there) and its own mount
/// namespace, where `directory/run` is mounted on /run: its socket is `directory/run/pcscd/pcscd.comm`, which the
/// `hukou` processes get as `PCSCLITE_CSOCK_NAME`, and the machine's own pcscd is never touched. Virtual cards
/// (`hukou virtual pcsc-card`) join pcscd's network namespace with nsenter. Every process is started and stopped by
/// its PID; ``stop()`` (also run on deinit) leaves nothing running and removes the directory.
final class PCSCTestSandbox: @unchecked Sendable {
    // Invariant: used by one test of a serialized suite at a time; state changes only in its own methods.
    static let port = 36_963
    static let readerName = "Hukou CLI PCD 00 00"

    let directory: URL
    private(set) var pcscd: Process?
    private var starts = 0
    private var children: [Process] = []

    var socketPath: String { directory.appendingPathComponent("run/pcscd/pcscd.comm").path }
    /// The log of the pcscd started last (`--debug`, so client requests show).
    var pcscdLog: URL { directory.appendingPathComponent("pcscd-\(starts).log") }

    /// Why the sandbox cannot run here, or nil when it can.
    static var unavailableReason: String? {
        if geteuid() != 0 { return "not root (unshare --net --mount needs root)" }
        for tool in ["/usr/bin/unshare", "/usr/bin/nsenter", "/usr/sbin/pcscd", "/usr/sbin/ip"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is missing (scripts/install-deps.sh --test)"
        }
        if !FileManager.default.fileExists(atPath: "/usr/lib/pcsc/drivers/serial/libifdvpcd.so") {
            return "the vpcd driver is missing (apt-get install vsmartcard-vpcd)"
        }
        if !FileManager.default.isExecutableFile(atPath: hukouBinary) {
            return "\(hukouBinary) is missing (swift build first, or set HUKOU_BIN)"
        }
        return nil
    }

    /// Whether the PC/SC tests run: when the prerequisites are there, and always under `CI=true` (where a missing
    /// prerequisite must fail the test rather than skip it).
    static var shouldRun: Bool {
        unavailableReason == nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// The CLI: `HUKOU_BIN`, else `.build/debug/hukou` under the package root.
    static var hukouBinary: String {
        if let path = ProcessInfo.processInfo.environment["HUKOU_BIN"] { return path }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/hukou").path
    }

    /// Returns a sandbox, or nil after saying why the test is skipped; under `CI=true` a missing prerequisite
    /// is a failure, not a skip.
    static func make(_ name: String) throws -> PCSCTestSandbox? {
        if let reason = unavailableReason {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                throw PCSCTestFailure("CI=true, but the PC/SC tests cannot run: \(reason)")
            }
            print("skipping PC/SC test '\(name)': \(reason)")
            return nil
        }
        return try PCSCTestSandbox()
    }

    private init() throws {
        directory = URL(fileURLWithPath: "/tmp/hukou-pcsc-cli-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let conf = directory.appendingPathComponent("conf")
        try FileManager.default.createDirectory(at: conf, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("run"),
            withIntermediateDirectories: true
        )
        let readerConf = """
            FRIENDLYNAME "Hukou CLI PCD"
            DEVICENAME   /dev/null:\(Self.port)
            LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so
            CHANNELID    \(Self.port)

            """
        try readerConf.write(to: conf.appendingPathComponent("vpcd"), atomically: true, encoding: .utf8)
    }

    deinit {
        stop()
    }

    /// Starts pcscd and waits (polling) for its socket.
    func startPCSCD() async throws {
        starts += 1
        _ = FileManager.default.createFile(atPath: pcscdLog.path, contents: nil)
        let log = try FileHandle(forWritingTo: pcscdLog)
        let dir = directory.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = [
            "--net", "--mount", "sh", "-c",
            "mount --bind '\(dir)/run' /run && ip link set lo up && exec pcscd --foreground --debug -c '\(dir)/conf'",
        ]
        process.standardOutput = log
        process.standardError = log
        try process.run()
        pcscd = process
        do {
            try await pcscPoll("pcscd's socket", within: .seconds(30)) {
                FileManager.default.fileExists(atPath: self.socketPath)
            }
        } catch {
            let log = (try? String(contentsOf: pcscdLog, encoding: .utf8)) ?? ""
            throw PCSCTestFailure("\(error); pcscd's log ends with: \(log.suffix(600))")
        }
    }

    /// Stops pcscd by its PID (SIGTERM; it removes its socket) and waits for it to exit.
    func stopPCSCD() async throws {
        guard let process = pcscd else { return }
        pcscd = nil
        process.terminate()
        try await pcscPoll("pcscd to exit", within: .seconds(30)) { !process.isRunning }
        try? FileManager.default.removeItem(atPath: socketPath)
        try? FileManager.default.removeItem(atPath: directory.appendingPathComponent("run/pcscd/pcscd.pid").path)
    }

    /// Puts a virtual card on slot 0 of pcscd's virtual reader.
    @discardableResult
    func startCard(tag: String, ndef: [UInt8]?, extra: [String] = []) throws -> Process {
        guard let pcscd else { throw PCSCTestFailure("pcscd is not running") }
        let ndefArguments = ndef.map { ["--ndef-hex", $0.map { String(format: "%02x", $0) }.joined()] } ?? []
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nsenter")
        process.arguments =
            [
                "--net=/proc/\(pcscd.processIdentifier)/ns/net", Self.hukouBinary, "virtual", "pcsc-card",
                "--port", "\(Self.port)", "--tag", tag,
            ] + ndefArguments + extra
        let log = directory.appendingPathComponent("card-\(children.count).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        children.append(process)
        return process
    }

    /// A `hukou` run against this pcscd, started now; ``PCSCCommandRun/finish(within:)`` collects it.
    func startHukou(_ arguments: [String]) throws -> PCSCCommandRun {
        let run = try PCSCCommandRun(arguments, socketPath: socketPath, directory: directory, index: children.count)
        children.append(run.process)
        return run
    }

    /// Runs `hukou` against this pcscd to the end (at most `limit`).
    func hukou(_ arguments: [String], within limit: Duration = .seconds(20)) async throws -> PCSCCommandResult {
        try await startHukou(arguments).finish(within: limit)
    }

    /// Stops every process this sandbox started, by PID, and removes the directory.
    func stop() {
        for child in children where child.isRunning {
            child.terminate()
            child.waitUntilExit()
        }
        children.removeAll()
        if let pcscd, pcscd.isRunning {
            pcscd.terminate()
            pcscd.waitUntilExit()
        }
        pcscd = nil
        try? FileManager.default.removeItem(at: directory)
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
            throw PCSCTestFailure("stdout is not a JSON object: \(stdout)")
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
        process.executableURL = URL(fileURLWithPath: PCSCTestSandbox.hukouBinary)
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
            try await pcscPoll("hukou \(process.arguments?.joined(separator: " ") ?? "") to exit", within: limit) {
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

/// A failure of the PC/SC test harness.
struct PCSCTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` every 10 ms until it holds, or throws after `limit`.
func pcscPoll(_ what: String, within limit: Duration, _ condition: @escaping () -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    throw PCSCTestFailure("timed out after \(limit) waiting for \(what)")
}
