import CounterStore
import Foundation
import GRDB
import HukouTestSupport
import Testing

/// Where the `hukou` executable under test is: `HUKOU_BIN`, else `<package root>/.build/debug/hukou`; `nil` when
/// not built.
enum HukouExecutable {
    static let path: String? = HukouBinary.pathIfBuilt
}

/// `hukou queue list`, `hukou audit verify` and `hukou db backup` run as the real executable.
@Suite("Store commands", .enabled(if: HukouExecutable.path != nil, "hukou executable not built"))
struct CommandLineTests {

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the executable and waits at most 60 s; the process never outlives the call.
    static func run(_ arguments: [String]) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(HukouExecutable.path))
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let pid = process.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: .seconds(60))
            kill(pid, SIGKILL)
        }
        defer { watchdog.cancel() }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }

    @Test("list as JSON, verify, back up, and name a tampered row")
    func commands() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        let store = try CounterStore(path: path)
        let applicant = ApplicantRecord(name: "张三", idNumber: "110105194912310021")
        let first = try await store.submitTap(Fixtures.tap(window: 2, applicant: applicant)).transaction.id
        _ = try await store.submitTap(Fixtures.tap(window: 3))
        _ = try await store.confirm(first, operator: "clerk")

        let list = try await Self.run(["queue", "list", "--db", path, "--json"])
        #expect(list.status == 0, "\(list.stderr)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let listed = try decoder.decode([CounterTransaction].self, from: Data(list.stdout.utf8))
        #expect(listed.map(\.id) == [first, 2])
        #expect(listed.first?.ticket == "A001")
        #expect(listed.first?.window == 2)
        #expect(listed.first?.state == .confirmed)
        #expect(listed.first?.businessCode == "HK-QR")
        #expect(!list.stdout.contains("110105194912310021"))
        #expect(!list.stdout.contains("张三"))

        let verify = try await Self.run(["audit", "verify", "--db", path])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("intact (3 rows)"))

        let backup = dir.path + "/copy.sqlite"
        let copy = try await Self.run(["db", "backup", "--db", path, "--to", backup])
        #expect(copy.status == 0, "\(copy.stderr)")
        let verifyCopy = try await Self.run(["audit", "verify", "--db", backup, "--store-key", path + ".key"])
        #expect(verifyCopy.status == 0, "\(verifyCopy.stderr)")

        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET details = 'forged' WHERE seq = 2")
        }
        let broken = try await Self.run(["audit", "verify", "--db", path])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("seq 2"))

        let missing = try await Self.run(["queue", "list", "--db", dir.path + "/none.sqlite"])
        #expect(missing.status != 0)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/none.sqlite"))
    }
}
