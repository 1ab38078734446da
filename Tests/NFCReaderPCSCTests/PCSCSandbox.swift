import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private pcscd with vsmartcard's vpcd driver for tests: own network namespace (vpcd's 0.0.0.0 listeners exist
/// only there), own mount namespace (its /run is `directory/run`, so the machine's pcscd is never touched), and
/// virtual cards (`hukou virtual pcsc-card`) joined to that network namespace with nsenter.
///
/// pcsc-lite reads `PCSCLITE_CSOCK_NAME` once per process, so this process always uses the same directory.
/// Every process is started and stopped by its PID; ``stop()`` leaves nothing running and removes the directory.
final class PCSCSandbox: @unchecked Sendable {
    // Invariant: used by one serialized test at a time; `pcscd` and `cards` change only in its methods.
    static let port = 36_981
    static let readerName = "Hukou Test PCD 00 00"
    static let directory = URL(fileURLWithPath: "/tmp/hukou-pcsc-test-\(getpid())")
    static var socketPath: String { directory.appendingPathComponent("run/pcscd/pcscd.comm").path }

    private(set) var pcscd: Process?
    private var cards: [Process] = []

    /// Why the sandbox cannot run here, or nil when it can.
    static var unavailableReason: String? {
        if geteuid() != 0 { return "not root: unshare --net --mount needs root" }
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

    /// Whether the live tests run: when the prerequisites are there, and always under `CI=true` (where a missing
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

    init() throws {
        setenv("PCSCLITE_CSOCK_NAME", Self.socketPath, 1)
        try? FileManager.default.removeItem(at: Self.directory)
        let conf = Self.directory.appendingPathComponent("conf")
        try FileManager.default.createDirectory(at: conf, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: Self.directory.appendingPathComponent("run"),
            withIntermediateDirectories: true
        )
        let readerConf = """
            FRIENDLYNAME "Hukou Test PCD"
            DEVICENAME   /dev/null:\(Self.port)
            LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so
            CHANNELID    \(Self.port)

            """
        try readerConf.write(to: conf.appendingPathComponent("vpcd"), atomically: true, encoding: .utf8)
    }

    deinit {
        stop()
    }

    /// Starts pcscd and waits (polling) until its socket exists.
    func startPCSCD() async throws {
        let dir = Self.directory.path
        let log = FileHandle(forWritingAtPath: "/dev/null")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = [
            "--net", "--mount", "sh", "-c",
            "mount --bind '\(dir)/run' /run && ip link set lo up && exec pcscd --foreground -c '\(dir)/conf'",
        ]
        process.standardOutput = log
        process.standardError = log
        try process.run()
        pcscd = process
        try await poll("pcscd's socket", within: .seconds(30)) {
            FileManager.default.fileExists(atPath: Self.socketPath)
        }
    }

    /// Stops pcscd by its PID and waits for it to exit (it removes its socket on SIGTERM).
    func stopPCSCD() async throws {
        guard let process = pcscd else { return }
        pcscd = nil
        process.terminate()
        try await poll("pcscd to exit", within: .seconds(30)) { !process.isRunning }
        try? FileManager.default.removeItem(atPath: Self.socketPath)
    }

    /// Puts a virtual card on slot 0: `hukou virtual pcsc-card` inside pcscd's network namespace.
    @discardableResult
    func startCard(tag: String, ndef: [UInt8], extra: [String] = []) throws -> Process {
        guard let pcscd else { throw SandboxError("pcscd is not running") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nsenter")
        process.arguments =
            [
                "--net=/proc/\(pcscd.processIdentifier)/ns/net", Self.hukouBinary, "virtual", "pcsc-card",
                "--port", "\(Self.port)", "--tag", tag, "--ndef-hex", ndef.map { String(format: "%02x", $0) }.joined(),
            ] + extra
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        cards.append(process)
        return process
    }

    /// Takes a card away by stopping its process.
    func remove(_ card: Process) async throws {
        card.terminate()
        try await poll("the virtual card to exit", within: .seconds(30)) { !card.isRunning }
        cards.removeAll { $0 === card }
    }

    /// Stops everything this sandbox started, by PID, and removes its directory.
    func stop() {
        for card in cards where card.isRunning {
            card.terminate()
            card.waitUntilExit()
        }
        cards.removeAll()
        if let pcscd, pcscd.isRunning {
            pcscd.terminate()
            pcscd.waitUntilExit()
        }
        pcscd = nil
        try? FileManager.default.removeItem(at: Self.directory)
    }
}

/// A failure of the test harness itself.
struct SandboxError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` every 10 ms until it holds, or throws after `limit`.
func poll(_ what: String, within limit: Duration, _ condition: () async -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    throw SandboxError("timed out after \(limit) waiting for \(what)")
}
