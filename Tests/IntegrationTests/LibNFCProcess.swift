import Foundation
import HukouTestSupport
import Testing

/// A `hukou` child process for the libnfc integration tests: output to files, waited for with a deadline,
/// killed by PID when it overstays or when the test ends.
final class LibNFCProcess {
    /// The `hukou` binary: `HUKOU_BIN`, else `.build/debug/hukou` under the package root.
    static var binary: String { HukouBinary.path }

    /// The real-tag corpus's NDEF messages: `$HUKOU_CORPUS/ndef`, else `shared/corpus/ndef` next to the checkout or
    /// its parent; `nil` when absent (the tests using it are skipped).
    static var corpusNDEFDirectory: String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["HUKOU_CORPUS"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path))
        }
        candidates += [
            root.appendingPathComponent("../shared/corpus"), root.appendingPathComponent("../../shared/corpus"),
        ]
        return candidates.map { $0.appendingPathComponent("ndef").standardized.path }
            .first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Whether the binary exists, for `.enabled(if:)`.
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    private let process = Process()
    private let outURL: URL
    private let errURL: URL
    private let handles: [FileHandle]
    let arguments: [String]

    /// Starts `hukou ARGUMENTS`, writing its output into `directory`.
    init(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws {
        self.arguments = arguments
        let name = UUID().uuidString
        outURL = directory.appendingPathComponent("\(name).out")
        errURL = directory.appendingPathComponent("\(name).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        handles = [out, err]
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        try process.run()
    }

    deinit { terminate() }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var status: Int32 { process.terminationStatus }
    var stdout: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    /// Waits until the process ends; false if it is still running after `timeout`.
    ///
    /// Polls with `Task.sleep`, so a waiting test holds no thread of the cooperative pool (two cores give it two).
    @discardableResult
    func wait(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        return !process.isRunning
    }

    /// Stops the process by PID: SIGTERM, then SIGKILL after a second; reaps it.
    ///
    /// Blocks (at most about a second) because it runs from `defer` and `deinit`; tests wait with ``wait(timeout:)``.
    func terminate() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            let deadline = ContinuousClock.now + .seconds(1)
            while process.isRunning, ContinuousClock.now < deadline { usleep(5_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        for handle in handles { try? handle.close() }
    }

    /// Waits until `path` exists (the virtual device's link); false after `timeout`.
    static func waitForFile(_ path: String, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if FileManager.default.fileExists(atPath: path) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return false
    }
}
