import Foundation
import HukouIntent
import Testing

/// The `hukou id` and `hukou intent` contracts, run against the built binary (`HUKOU_BIN`, else `.build/debug/hukou`).
@Suite(.enabled(if: Fixtures.hukouBinary != nil, "hukou binary not built"))
struct CommandLineTests {

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: [String: Any]? {
            try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
        }
    }

    /// Runs the binary with a 30-second limit; output goes to temporary files, removed afterwards.
    func run(_ arguments: [String]) async throws -> Result {
        let binary = try #require(Fixtures.hukouBinary)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hukou-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out")
        let err = directory.appendingPathComponent("err")
        try #require(FileManager.default.createFile(atPath: out.path, contents: nil))
        try #require(FileManager.default.createFile(atPath: err.path, contents: nil))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            let pid = process.processIdentifier
            Task {
                try? await Task.sleep(for: .seconds(30))
                if process.isRunning, process.processIdentifier == pid { process.terminate() }
            }
        }
        return Result(
            status: status,
            stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self)
        )
    }

    @Test func idCheckPrintsTheDecodedNumber() async throws {
        let result = try await run(["id", "check", "11010519491231002x"])
        #expect(result.status == 0)
        let json = try #require(result.json)
        #expect(json["id"] as? String == "11010519491231002X")
        #expect(json["birth_date"] as? String == "1949-12-31")
        #expect(json["sex"] as? String == "female")
        #expect(json["region"] as? String == "110105")
    }

    @Test(arguments: [
        "110101199003070012", "110101199002300014", "999999199003070012", "11010119900307001",
        "１１０１０１１９９００３０７００１１",
    ])
    func idCheckRefusesWithExit65(number: String) async throws {
        let result = try await run(["id", "check", number, "--now", "2026-03-01T01:30:00Z"])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("id"))
    }

    @Test func idCheckRefusesAFutureBirthDateRelativeToNow() async throws {
        #expect(try await run(["id", "check", "110101209912310015", "--now", "2026-03-01T01:30:00Z"]).status == 65)
    }

    @Test func intentCheckFollowsEveryVector() async throws {
        let keys = Fixtures.vectorsDirectory.appendingPathComponent("trusted-keys.json").path
        for vector in IntentVectorTests.vectors {
            let result = try await run([
                "intent", "check", "--hex", vector.ndefHex, "--keys", keys, "--now", vector.now,
            ])
            #expect(result.status == (vector.expect.valid ? 0 : 65), "\(vector.name): \(result.stderr)")
            let json = try #require(result.json, "\(vector.name)")
            #expect(json["valid"] as? Bool == vector.expect.valid)
            if !vector.expect.valid {
                let codes = (json["reasons"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
                #expect(codes == vector.expect.reasons?.map(\.code), "\(vector.name)")
                #expect(!result.stderr.isEmpty)
            }
        }
    }

    @Test func intentCheckMasksUnlessRevealed() async throws {
        let vector = try #require(IntentVectorTests.vectors.first { $0.name == "ID_RENEW/phone/valid" })
        let keys = Fixtures.vectorsDirectory.appendingPathComponent("trusted-keys.json").path
        let base = ["intent", "check", "--hex", vector.ndefHex, "--keys", keys, "--now", vector.now]
        let masked = try await run(base)
        #expect(masked.status == 0)
        #expect(!masked.stdout.contains("11010519491231002X"))
        #expect(masked.stdout.contains("110***********002X"))
        let revealed = try await run(base + ["--reveal"])
        #expect(revealed.stdout.contains("11010519491231002X"))
    }

    @Test func keygenMakeAndCheckRoundTrip() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hukou-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyFile = directory.appendingPathComponent("station.jwk").path
        let keygen = try await run(["intent", "keygen", "--out", keyFile, "--kid", "station-1"])
        #expect(keygen.status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try await run(["intent", "keygen", "--out", keyFile]).status != 0)  // never overwrites
        let keysFile = directory.appendingPathComponent("keys.json")
        try Data(keygen.stdout.utf8).write(to: keysFile)

        let ndefFile = directory.appendingPathComponent("phone.ndef").path
        let make = try await run([
            "intent", "make", "--phone", "--service", "ID_RENEW", "--key", keyFile, "--field", "name=张小明",
            "--field", "id=110101199003070011", "--field", "renew_reason=expired", "--ndef-file", ndefFile,
        ])
        #expect(make.status == 0)
        let check = try await run(["intent", "check", "--file", ndefFile, "--keys", keysFile.path])
        #expect(check.status == 0, "\(check.stderr)")
        let signature = try #require(check.json?["signature"] as? [String: Any])
        #expect(signature["kid"] as? String == "station-1")
        #expect(try await run(["intent", "check", "--file", ndefFile]).status == 65)  // key not trusted

        let card = try await run(["intent", "make", "--service", "ID_RENEW", "--window", "3"])
        #expect(
            card.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == "d410206d70732e676f762e636e3a68756b6f757b2276223a312c22737663223a2249445f52454e4557222c2277696e223a337d"
        )
        #expect(card.stderr.contains("NTAG213"))
    }
}
