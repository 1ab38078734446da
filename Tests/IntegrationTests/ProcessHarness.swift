import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Where the `hukou` executable under test is: `$HUKOU_BIN`, else `<package root>/.build/debug/hukou`.
enum HukouBinary {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static var path: String {
        if let path = ProcessInfo.processInfo.environment["HUKOU_BIN"], !path.isEmpty { return path }
        return packageRoot.appendingPathComponent(".build/debug/hukou").path
    }

    static var exists: Bool { FileManager.default.isExecutableFile(atPath: path) }
}

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

/// Runs a command to completion, bounded in time; kills it (by PID) if it overruns.
func runCommand(
    _ executable: String,
    _ arguments: [String],
    stdin: String? = nil,
    timeout: Duration = .seconds(30)
) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? input.fileHandleForWriting.close()
    // Read both pipes while waiting, so a chatty child never blocks on a full pipe.
    let outData = LockedData()
    let errData = LockedData()
    let group = DispatchGroup()
    for (pipe, sink) in [(out, outData), (err, errData)] {
        group.enter()
        DispatchQueue.global().async {
            sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
    }
    let deadline = ContinuousClock.now + timeout
    while process.isRunning, ContinuousClock.now < deadline { usleep(5_000) }
    if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        _ = group.wait(timeout: .now() + 5)
        Issue.record("\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout)")
    } else {
        process.waitUntilExit()
        _ = group.wait(timeout: .now() + 5)
    }
    return CommandResult(
        status: process.terminationStatus,
        stdout: String(decoding: outData.get(), as: UTF8.self),
        stderr: String(decoding: errData.get(), as: UTF8.self)
    )
}

/// Runs `hukou` with arguments.
func hukou(_ arguments: String..., stdin: String? = nil, timeout: Duration = .seconds(30)) throws -> CommandResult {
    try runCommand(HukouBinary.path, arguments, stdin: stdin, timeout: timeout)
}

/// Collected pipe output, shared between the reading queue and the test.
final class LockedData: @unchecked Sendable {
    // `data` is only touched under `lock`.
    private let lock = NSLock()
    private var data = Data()

    func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }

    func get() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}

/// A `hukou daemon` started for a test and stopped by its PID; its log goes to a file in the scratch folder.
final class DaemonProcess {
    let process: Process
    let socketPath: String
    let logPath: String

    /// Starts the daemon and waits (bounded) until its control socket answers `status`.
    init(arguments: [String], socketPath: String, logPath: String, readyTimeout: Duration = .seconds(20)) throws {
        self.socketPath = socketPath
        self.logPath = logPath
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try log.seekToEnd()
        process = Process()
        process.executableURL = URL(fileURLWithPath: HukouBinary.path)
        process.arguments = ["daemon", "--control", socketPath] + arguments
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + readyTimeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw HarnessError("daemon exited early (\(process.terminationStatus)): \(self.log(tail: 40))")
            }
            if FileManager.default.fileExists(atPath: socketPath),
                let status = try? hukou("daemon", "--status", "--control", socketPath, timeout: .seconds(5)),
                status.status == 0
            {
                return
            }
            usleep(50_000)
        }
        stop(signal: SIGKILL)
        throw HarnessError("daemon did not become ready within \(readyTimeout): \(self.log(tail: 40))")
    }

    var pid: Int32 { process.processIdentifier }

    /// Sends `signal` and waits (bounded) for the process to exit; SIGKILL if it overruns.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(15)) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(pid, signal)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { usleep(10_000) }
        if process.isRunning {
            kill(pid, SIGKILL)
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    func log(tail lines: Int) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
