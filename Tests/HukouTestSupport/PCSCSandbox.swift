public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private pcscd with vsmartcard's vpcd driver, for tests that go through the real PC/SC stack.
///
/// pcscd runs in its own network namespace (vpcd's `0.0.0.0:PORT` listeners exist only there) and its own mount
/// namespace, where `directory/run` is mounted on /run: its socket is ``socketPath``, which clients get as
/// `PCSCLITE_CSOCK_NAME`, and the machine's own pcscd is never touched. Virtual cards (`hukou virtual pcsc-card`)
/// join pcscd's network namespace with nsenter. Every process is started and stopped by its PID; ``stop()`` (also
/// run on deinit) leaves nothing running and removes the directory.
public final class PCSCSandbox: @unchecked Sendable {
    // Invariant: used by one test of a serialized suite at a time; state changes only in its own methods.
    /// The vpcd port (also its channel ID).
    public let port: Int
    /// The name pcscd gives the virtual reader (`FRIENDLYNAME` and slot `00 00`).
    public let readerName: String
    /// The sandbox's folder: pcscd's configuration, its /run, and the logs.
    public let directory: URL
    /// The pcscd started last, while it runs.
    public private(set) var pcscd: Process?
    private var starts = 0
    private var launches = 0
    private var children: [Process] = []

    /// pcscd's client socket, for `PCSCLITE_CSOCK_NAME`.
    public var socketPath: String { directory.appendingPathComponent("run/pcscd/pcscd.comm").path }
    /// The log of the pcscd started last (`--debug`, so client requests show).
    public var pcscdLog: URL { directory.appendingPathComponent("pcscd-\(starts).log") }

    /// Why the sandbox cannot run here, or nil when it can.
    public static var unavailableReason: String? {
        if geteuid() != 0 { return "not root (unshare --net --mount needs root)" }
        for tool in ["/usr/bin/unshare", "/usr/bin/nsenter", "/usr/sbin/pcscd", "/usr/sbin/ip"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is missing (scripts/install-deps.sh --test)"
        }
        if !FileManager.default.fileExists(atPath: "/usr/lib/pcsc/drivers/serial/libifdvpcd.so") {
            return "the vpcd driver is missing (apt-get install vsmartcard-vpcd)"
        }
        if !HukouBinary.exists {
            return "\(HukouBinary.path) is missing (swift build first, or set HUKOU_BIN)"
        }
        return nil
    }

    /// Whether the PC/SC tests run: when the prerequisites are there, and always under `CI=true` (where a missing
    /// prerequisite must fail the test rather than skip it).
    public static var shouldRun: Bool {
        unavailableReason == nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// Prepares `directory` (emptied first) with a reader.conf for one vpcd reader on `port`.
    public init(friendlyName: String, port: Int, directory: URL) throws {
        self.port = port
        self.readerName = "\(friendlyName) 00 00"
        self.directory = directory
        try? FileManager.default.removeItem(at: directory)
        let conf = directory.appendingPathComponent("conf")
        try FileManager.default.createDirectory(at: conf, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("run"),
            withIntermediateDirectories: true
        )
        let readerConf = """
            FRIENDLYNAME "\(friendlyName)"
            DEVICENAME   /dev/null:\(port)
            LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so
            CHANNELID    \(port)

            """
        try readerConf.write(to: conf.appendingPathComponent("vpcd"), atomically: true, encoding: .utf8)
    }

    deinit {
        stop()
    }

    /// Starts pcscd and waits (polling) for its socket; on a timeout the error carries the end of pcscd's log.
    public func startPCSCD() async throws {
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
        let socketPath = self.socketPath
        do {
            try await poll("pcscd's socket", within: .seconds(30)) {
                FileManager.default.fileExists(atPath: socketPath)
            }
        } catch {
            let log = (try? String(contentsOf: pcscdLog, encoding: .utf8)) ?? ""
            throw TestHarnessError("\(error); pcscd's log ends with: \(log.suffix(600))")
        }
    }

    /// Stops pcscd by its PID (SIGTERM; it removes its socket) and waits for it to exit.
    public func stopPCSCD() async throws {
        guard let process = pcscd else { return }
        pcscd = nil
        process.terminate()
        try await poll("pcscd to exit", within: .seconds(30)) { !process.isRunning }
        try? FileManager.default.removeItem(atPath: socketPath)
        try? FileManager.default.removeItem(atPath: directory.appendingPathComponent("run/pcscd/pcscd.pid").path)
    }

    /// Puts a virtual card on slot 0 of pcscd's virtual reader: `hukou virtual pcsc-card` in pcscd's network
    /// namespace, its output logged in ``directory``.
    @discardableResult
    public func startCard(tag: String, ndef: [UInt8]?, extra: [String] = []) throws -> Process {
        guard let pcscd else { throw TestHarnessError("pcscd is not running") }
        let ndefArguments = ndef.map { ["--hex", $0.map { String(format: "%02x", $0) }.joined()] } ?? []
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nsenter")
        process.arguments =
            [
                "--net=/proc/\(pcscd.processIdentifier)/ns/net", HukouBinary.path, "virtual", "pcsc-card",
                "--port", "\(port)", "--tag", tag,
            ] + ndefArguments + extra
        let log = directory.appendingPathComponent("card-\(nextLogIndex()).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        children.append(process)
        return process
    }

    /// Takes a card away by stopping its process (by PID).
    public func remove(_ card: Process) async throws {
        card.terminate()
        try await poll("the virtual card to exit", within: .seconds(30)) { !card.isRunning }
        children.removeAll { $0 === card }
    }

    /// Hands a process started against this pcscd to the sandbox, which stops it in ``stop()``.
    public func adopt(_ process: Process) {
        children.append(process)
    }

    /// A number not used before by this sandbox, for naming a log file in ``directory``.
    public func nextLogIndex() -> Int {
        launches += 1
        return launches
    }

    /// Stops every process this sandbox started or adopted, by PID, and removes the directory.
    public func stop() {
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
