import Foundation
import HukouTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A scratch folder for one test, removed by ``remove()``. Paths stay short (Unix socket paths are limited).
struct ScratchDirectory {
    let url: URL

    init(_ label: String) throws {
        let base = URL(fileURLWithPath: "/tmp", isDirectory: true)
        url = base.appendingPathComponent("hk-\(label)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// What a finished command printed and how it exited.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// A child process started with `posix_spawn`, its output in files, reaped with `waitpid` by this harness alone
/// (so a child that forks a daemon, like tmux, never leaves the harness waiting on an inherited pipe).
final class SpawnedProcess {
    let pid: pid_t
    private(set) var exitStatus: Int32?

    /// Starts `executable` with `arguments`; standard input from `stdinPath` (or /dev/null), output appended to
    /// the given files.
    init(_ executable: String, _ arguments: [String], stdinPath: String?, stdoutPath: String, stderrPath: String) throws
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child = pid_t()
        let result = posix_spawn(&child, executable, &actions, nil, argv, environ)
        guard result == 0 else {
            throw TestHarnessError("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        pid = child
    }

    /// Whether the child still runs (reaps it when it has exited).
    var isRunning: Bool {
        guard exitStatus == nil else { return false }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return result == 0 }
        exitStatus = Self.decode(status)
        return false
    }

    /// Waits up to `timeout` for the exit; `nil` if it still runs.
    func wait(timeout: Duration) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            guard ContinuousClock.now < deadline else { return nil }
            usleep(5_000)
        }
        return exitStatus
    }

    /// Waits up to `timeout` for the exit without blocking a thread of the cooperative pool; `nil` if it still runs.
    func exit(within timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            guard ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return exitStatus
    }

    /// Sends `signal`, waits up to `timeout` (without blocking the pool), then SIGKILL; returns the exit status.
    @discardableResult
    func terminate(signal: Int32, timeout: Duration) async -> Int32 {
        if isRunning { kill(pid, signal) }
        if let status = await exit(within: timeout) { return status }
        kill(pid, SIGKILL)
        return await exit(within: .seconds(10)) ?? -1
    }

    /// Sends `signal`, waits up to `timeout`, then SIGKILL; returns the exit status (128+signal if killed).
    @discardableResult
    func stop(signal: Int32, timeout: Duration) -> Int32 {
        if isRunning { kill(pid, signal) }
        if let status = wait(timeout: timeout) { return status }
        kill(pid, SIGKILL)
        return wait(timeout: .seconds(10)) ?? -1
    }

    private static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    deinit {
        if exitStatus == nil, isRunning {
            kill(pid, SIGKILL)
            _ = wait(timeout: .seconds(5))
        }
    }
}

/// Runs a command to completion on this thread, bounded in time; kills it (by PID) if it overruns. For threads of
/// the test's own (the crash test's tappers) and cleanup; tests use ``runCommand(_:_:stdin:timeout:)``.
func runCommandBlocking(
    _ executable: String,
    _ arguments: [String],
    stdin: String? = nil,
    timeout: Duration = .seconds(30)
) throws -> CommandResult {
    let base = "/tmp/hk-run-\(UUID().uuidString.prefix(12))"
    defer { for suffix in [".in", ".out", ".err"] { unlink(base + suffix) } }
    if let stdin { try stdin.write(toFile: base + ".in", atomically: false, encoding: .utf8) }
    let process = try SpawnedProcess(
        executable,
        arguments,
        stdinPath: stdin == nil ? nil : base + ".in",
        stdoutPath: base + ".out",
        stderrPath: base + ".err"
    )
    var status = process.wait(timeout: timeout)
    if status == nil {
        status = process.stop(signal: SIGKILL, timeout: .seconds(5))
        Issue.record("\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout)")
    }
    return CommandResult(
        status: status ?? -1,
        stdout: (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
    )
}

/// Runs a command to completion, bounded in time, without blocking a thread of the cooperative pool (other tests
/// run there); kills it (by PID) if it overruns.
func runCommand(
    _ executable: String,
    _ arguments: [String],
    stdin: String? = nil,
    timeout: Duration = .seconds(30)
) async throws -> CommandResult {
    let base = "/tmp/hk-run-\(UUID().uuidString.prefix(12))"
    defer { for suffix in [".in", ".out", ".err"] { unlink(base + suffix) } }
    if let stdin { try stdin.write(toFile: base + ".in", atomically: false, encoding: .utf8) }
    let process = try SpawnedProcess(
        executable,
        arguments,
        stdinPath: stdin == nil ? nil : base + ".in",
        stdoutPath: base + ".out",
        stderrPath: base + ".err"
    )
    var status = await process.exit(within: timeout)
    if status == nil {
        status = await process.terminate(signal: SIGKILL, timeout: .seconds(5))
        Issue.record("\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout)")
    }
    return CommandResult(
        status: status ?? -1,
        stdout: (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
    )
}

/// Runs `hukou` with arguments.
func hukou(_ arguments: String..., stdin: String? = nil, timeout: Duration = .seconds(30)) async throws
    -> CommandResult
{
    try await runCommand(HukouBinary.path, arguments, stdin: stdin, timeout: timeout)
}

/// A `hukou daemon` started for a test and stopped by its PID; its log goes to a file in the scratch folder.
final class DaemonProcess {
    let process: SpawnedProcess
    let socketPath: String
    let logPath: String

    /// Starts the daemon and waits (bounded) until its control socket answers `status`.
    init(arguments: [String], socketPath: String, logPath: String, readyTimeout: Duration = .seconds(30)) async throws {
        self.socketPath = socketPath
        self.logPath = logPath
        process = try SpawnedProcess(
            HukouBinary.path,
            ["daemon", "--control", socketPath] + arguments,
            stdinPath: nil,
            stdoutPath: logPath,
            stderrPath: logPath
        )
        let deadline = ContinuousClock.now + readyTimeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw TestHarnessError("daemon exited early (\(process.exitStatus ?? -1)): \(log(tail: 40))")
            }
            if let status = try? await hukou("daemon", "--status", "--control", socketPath, timeout: .seconds(5)),
                status.status == 0, status.stdout.contains("\"ready\"")
            {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        await process.terminate(signal: SIGKILL, timeout: .seconds(5))
        throw TestHarnessError("daemon did not become ready within \(readyTimeout): \(log(tail: 40))")
    }

    var pid: Int32 { process.pid }
    var isRunning: Bool { process.isRunning }

    /// Sends `signal` and waits (bounded) for the process to exit; SIGKILL if it overruns.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(15)) async -> Int32 {
        await process.terminate(signal: signal, timeout: timeout)
    }

    /// Kills the daemon at once (cleanup in `defer`).
    func killNow() {
        process.stop(signal: SIGKILL, timeout: .seconds(5))
    }

    func log(tail lines: Int) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
