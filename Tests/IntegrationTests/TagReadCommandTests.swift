import Foundation
import HukouTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `hukou tag read` against simulated readers: the command-line contract (JSON, exit codes, silence on failure).
@Suite("hukou tag read (simulated readers)", .serialized)
struct TagReadCommandTests {
    static let uriHex = "d1010a5504676f762e636e2f6875"
    static let failureCases: [([String], Int32)] = [
        (["--reader", "sim:idle", "--timeout", "0.2"], 75),
        (["--reader", "sim:ntag216,remove-after=1", "--hex", uriHex], 75),
        (["--reader", "sim:ntag215,unplug-after=1", "--hex", uriHex], 69),
        (["--reader", "sim:type4,corrupt=4", "--hex", uriHex], 65),
        (["--reader", "sim:mifare-classic-1k"], 65),
        (["--reader", "sim:ntag213", "--hex", "d10120"], 65),
        (["--reader", "usb"], 64),
    ]

    private static var binary: String { HukouBinary.path }

    /// Runs `hukou tag read ARGS` to completion (killed by PID after 20 s) and returns status, stdout, stderr.
    ///
    /// Waits with `Task.sleep`, so parallel test cases never hold the cooperative pool's threads while a child runs.
    private static func tagRead(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["tag", "read"] + arguments
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tagread-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = ContinuousClock.now + .seconds(20)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            Issue.record("hukou tag read \(arguments) did not finish in 20 s")
        }
        let stdout = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
        let stderr = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        return (process.terminationStatus, stdout, stderr)
    }

    private static func jsonObject(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    @Test(
        "Reads each tag kind and prints the ndef decode JSON plus tag facts",
        .enabled(if: FileManager.default.isExecutableFile(atPath: binary)),
        arguments: ["ntag213", "ntag215", "ntag216", "ultralight", "ultralight-ev1", "type4"]
    )
    func readsEveryKind(kind: String) async throws {
        let result = try await Self.tagRead(["--reader", "sim:\(kind)", "--hex", Self.uriHex, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try Self.jsonObject(result.stdout)
        let records = try #require(json["records"] as? [[String: Any]])
        #expect(records.count == 1)
        #expect(records.first?["uri"] as? String == "https://gov.cn/hu")
        let tag = try #require(json["tag"] as? [String: Any])
        #expect(tag["type"] as? String == (kind == "type4" ? "type4" : "type2"))
        let uid = try #require(tag["uid"] as? String)
        #expect(uid.count == (kind == "type4" ? 8 : 14))
        let commands = try #require(tag["commands"] as? Int)
        #expect(commands >= 2 && commands <= 5)
    }

    @Test(
        "Failures: nothing on stdout, one line on stderr, the documented status",
        .enabled(if: FileManager.default.isExecutableFile(atPath: binary)),
        arguments: failureCases
    )
    func failures(arguments: [String], status: Int32) async throws {
        let result = try await Self.tagRead(arguments + ["--json"])
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.isEmpty)
    }

    @Test(
        "A real tag dump served by a sim: reader reads like the dumped tag",
        .enabled(if: FileManager.default.isExecutableFile(atPath: binary)),
        .enabled(if: FileManager.default.fileExists(atPath: corpusImage), "the shared corpus is absent")
    )
    func realDump() async throws {
        let result = try await Self.tagRead(["--reader", "sim:ntag216,image=\(Self.corpusImage)", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try #require(try Self.jsonObject(result.stdout)["records"] as? [[String: Any]])
        #expect((records.first?["uri"] as? String)?.hasPrefix("https://m.youtube.com/") == true)
        let tag = try #require(try Self.jsonObject(result.stdout)["tag"] as? [String: Any])
        #expect(tag["uid"] as? String == "04d9650a325e80")
    }

    /// A 231-page NTAG216 dump with a URI record in the shared corpus (`$HUKOU_CORPUS`, else next to the checkout).
    private static var corpusImage: String {
        if let path = ProcessInfo.processInfo.environment["HUKOU_CORPUS"], !path.isEmpty {
            return path + "/type2/fzfw-1.hex"
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = ["../shared/corpus/type2/fzfw-1.hex", "../../shared/corpus/type2/fzfw-1.hex"].map {
            root.appendingPathComponent($0).standardized.path
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
    }

    @Test("An NDEF file feeds the simulated tag", .enabled(if: FileManager.default.isExecutableFile(atPath: binary)))
    func ndefFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tagread-\(UUID().uuidString).ndef")
        defer { try? FileManager.default.removeItem(at: path) }
        try Data([0xD1, 0x01, 0x05, 0x54, 0x02, 0x65, 0x6E, 0x68, 0x69]).write(to: path)
        let result = try await Self.tagRead(["--reader", "sim:desk,tag=type4", "--file", path.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try #require(try Self.jsonObject(result.stdout)["records"] as? [[String: Any]])
        #expect(records.first?["text"] as? String == "hi")
    }
}
