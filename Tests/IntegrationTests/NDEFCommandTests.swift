import Foundation
import HukouTestSupport
import Testing

/// The command-line contract of `hukou ndef decode|encode` and `hukou tag decode`, run against the binary
/// (`$HUKOU_BIN`, else `.build/debug/hukou` in the package).
@Suite struct NDEFCommandTests {
    struct Run {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
        var out: String { String(decoding: stdout, as: UTF8.self) }
    }

    static var binary: String { HukouBinary.path }

    /// Runs hukou with files for stdin/stdout/stderr; kills it by PID after 30 s.
    ///
    /// Waits with `Task.sleep`, so parallel test cases never hold the cooperative pool's threads while a child runs.
    func hukou(_ arguments: String..., stdin: [UInt8] = []) async throws -> Run {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "no hukou binary at \(Self.binary)")
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let paths = ["stdin", "stdout", "stderr"].map { directory.appendingPathComponent($0) }
        try Data(stdin).write(to: paths[0])
        for path in paths[1...] { _ = FileManager.default.createFile(atPath: path.path, contents: nil) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.standardInput = try FileHandle(forReadingFrom: paths[0])
        process.standardOutput = try FileHandle(forWritingTo: paths[1])
        process.standardError = try FileHandle(forWritingTo: paths[2])
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("hukou \(arguments) did not finish in 30 s")
        }
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: [UInt8](try Data(contentsOf: paths[1])),
            stderr: String(decoding: try Data(contentsOf: paths[2]), as: UTF8.self)
        )
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hukou-ndef-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func records(_ run: Run) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout)) as? [String: Any])
        return try #require(object["records"] as? [[String: Any]])
    }

    /// Malformed input: status 65, nothing on stdout, exactly one line on stderr with the error and offset.
    func expectDataError(_ run: Run, code: String, offset: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == 65, sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, sourceLocation: sourceLocation)
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "stderr: \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(code), "stderr: \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains("offset \(offset)\n"), "stderr: \(run.stderr)", sourceLocation: sourceLocation)
    }

    // MARK: ndef decode

    @Test func decodesURIAndText() async throws {
        let run = try await hukou("ndef", "decode", "--hex", "91010a5504676f762e636e2f6131 5101055402656e6869")
        #expect(run.status == 0, "\(run.stderr)")
        let records = try records(run)
        try #require(records.count == 2)
        #expect(records[0]["tnf"] as? Int == 1)
        #expect(records[0]["type"] as? String == "55")
        #expect(records[0]["id"] as? String == "")
        #expect(records[0]["payload"] as? String == "04676f762e636e2f6131")
        #expect(records[0]["uri"] as? String == "https://gov.cn/a1")
        #expect(records[1]["lang"] as? String == "en")
        #expect(records[1]["text"] as? String == "hi")
        #expect(run.out.hasSuffix("}\n") && run.out.split(separator: "\n").count == 1)
    }

    @Test func decodesChunksAsOneRecord() async throws {
        let run = try await hukou("ndef", "decode", "--hex", "BA030202612F626964AABB 360000 560001CC")
        #expect(run.status == 0, "\(run.stderr)")
        let records = try records(run)
        #expect(records.count == 1)
        #expect(records.first?["tnf"] as? Int == 2)
        #expect(records.first?["type"] as? String == "612f62")
        #expect(records.first?["id"] as? String == "6964")
        #expect(records.first?["payload"] as? String == "aabbcc")
    }

    @Test func textFormat() async throws {
        let run = try await hukou("ndef", "decode", "--hex", "d1010a5504676f762e636e2f6131", "--format", "text")
        #expect(run.status == 0)
        #expect(run.out.contains("uri: https://gov.cn/a1"))
    }

    @Test(arguments: [
        ("d101025524 61", "invalidURIPrefix", 4),
        ("550001aa", "missingMessageBegin", 0),
        ("950001aa d50000", "unexpectedMessageBegin", 4),
        ("950001aa", "missingMessageEnd", 4),
        ("d50001aa00", "trailingBytes", 4),
        ("d50005aa", "truncatedRecord", 3),
        ("d00001aa", "emptyRecordWithContent", 0),
        ("d5010061", "typeNotAllowed", 0),
        ("d60000", "unexpectedUnchanged", 0),
        ("b60001aa 560001bb", "unexpectedUnchanged", 0),
        ("b50001aa 550001bb", "chunkTypeNameFormat", 4),
        ("b50001aa 5e00010169bb", "chunkWithID", 4),
        ("f50001aa", "chunkWithMessageEnd", 0),
        ("b50001aa 360001bb", "unterminatedChunk", 8),
        ("d1010055", "emptyURI", 4),
        ("d101035405656e", "invalidLanguageLength", 4),
        ("d70000", "reservedTypeNameFormat", 0),
        ("c500ffffffff", "payloadTooLarge", 2),
        ("d1 0x", "invalidHex", 4),
    ])
    func malformedMessageExits65(hex: String, code: String, offset: Int) async throws {
        expectDataError(try await hukou("ndef", "decode", "--hex", hex), code: code, offset: offset)
    }

    @Test func emptyInputIsMalformed() async throws {
        expectDataError(try await hukou("ndef", "decode", "--hex", ""), code: "emptyMessage", offset: 0)
    }

    @Test func decodesFilesRawOrHex() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let raw = directory.appendingPathComponent("message.ndef")
        try Data([0xD1, 0x01, 0x04, 0x55, 0x05, 0x31, 0x31, 0x30]).write(to: raw)
        let hex = directory.appendingPathComponent("message.hex")
        try Data("d1010455 05313130\n".utf8).write(to: hex)
        for file in [raw, hex] {
            let run = try await hukou("ndef", "decode", "--file", file.path)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try records(run).first?["uri"] as? String == "tel:110")
        }
        let missing = try await hukou("ndef", "decode", "--file", directory.appendingPathComponent("nope").path)
        #expect(missing.status == 66)
        #expect(missing.stdout.isEmpty)
    }

    @Test func readsStandardInputForADash() async throws {
        for input in [[0xD1, 0x01, 0x04, 0x55, 0x05, 0x31, 0x31, 0x30], Array("d1010455 05313130\n".utf8)] {
            let run = try await hukou("ndef", "decode", "--file", "-", stdin: input)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try records(run).first?["uri"] as? String == "tel:110")
        }
    }

    @Test func oneSizeLimitForHexAndFiles() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // 65 537 bytes as hex text (too long for one argument): refused where the 65 537th byte's digits end.
        let tooMuch = Array(String(repeating: "00", count: 65_537).utf8)
        expectDataError(
            try await hukou("ndef", "decode", "--file", "-", stdin: tooMuch),
            code: "invalidHex",
            offset: 131_073
        )
        let raw = directory.appendingPathComponent("big.ndef")
        try Data(repeating: 0xD1, count: 65_537).write(to: raw)
        let big = try await hukou("ndef", "decode", "--file", raw.path)
        #expect(big.status == 65 && big.stdout.isEmpty)
        #expect(big.stderr == "hukou: \(raw.path): more than 65536 bytes; no tag holds that much\n")
        let badHexFile = directory.appendingPathComponent("bad.hex")
        try Data("d101\n0455 0".utf8).write(to: badHexFile)
        expectDataError(try await hukou("ndef", "decode", "--file", badHexFile.path), code: "invalidHex", offset: 11)
    }

    @Test func usageErrors() async throws {
        #expect(try await hukou("ndef", "decode").status == 64)
        #expect(try await hukou("ndef", "decode", "--hex", "d00000", "--file", "x").status == 64)
    }

    // MARK: ndef encode

    @Test func encodeRoundTripsDecode() async throws {
        let hex = "9a0a0301746578742f706c61696e37616263 1101045504676f76 5101055402656e6869"
        let decoded = try await hukou("ndef", "decode", "--hex", hex)
        #expect(decoded.status == 0)
        let encoded = try await hukou("ndef", "encode", stdin: decoded.stdout)
        #expect(encoded.status == 0, "\(encoded.stderr)")
        #expect(encoded.out == hex.replacing(" ", with: "") + "\n")
        let again = try await hukou("ndef", "decode", "--hex", encoded.out)
        #expect(again.stdout == decoded.stdout)
    }

    @Test func encodeFromFileWithChunksAndRawOutput() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = directory.appendingPathComponent("message.json")
        try Data(#"{"records":[{"tnf":2,"type":"612f62","id":"","payload":"0102030405"}]}"#.utf8).write(to: json)
        let chunked = try await hukou("ndef", "encode", "--file", json.path, "--chunk-size", "2")
        #expect(chunked.out == "b20302612f620102 36000203 04 56000105\n".replacing(" ", with: ""))
        let raw = try await hukou("ndef", "encode", "--file", json.path, "--raw")
        #expect(raw.stdout == [0xD2, 0x03, 0x05, 0x61, 0x2F, 0x62, 1, 2, 3, 4, 5])
    }

    @Test func encodeURIAndTextWithoutPayload() async throws {
        let json =
            #"{"records":[{"tnf":1,"type":"55","uri":"https://www.gov.cn/"},{"tnf":1,"type":"54","text":"办","lang":"zh"}]}"#
        let run = try await hukou("ndef", "encode", stdin: Array(json.utf8))
        #expect(run.status == 0, "\(run.stderr)")
        let decoded = try records(try await hukou("ndef", "decode", "--hex", run.out))
        #expect(decoded.first?["uri"] as? String == "https://www.gov.cn/")
        #expect(decoded.last?["text"] as? String == "办")
    }

    @Test(arguments: [
        "not json",
        #"{"records":[{"tnf":7,"type":""}]}"#,
        #"{"records":[{"tnf":1,"type":"zz"}]}"#,
        #"{"records":[]}"#,
        #"{"records":[{"tnf":5,"type":"61"}]}"#,
    ])
    func encodeRejectsBadJSON(json: String) async throws {
        let run = try await hukou("ndef", "encode", stdin: Array(json.utf8))
        #expect(run.status == 65)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    // MARK: tag decode

    static func image(cc: [UInt8], data: [UInt8]) -> String {
        let head = "04112233 44556677 88480000 "
        let body = data + [UInt8](repeating: 0, count: max(0, Int(cc[2]) * 8 - data.count))
        return head + cc.map { String(format: "%02x", $0) }.joined() + body.map { String(format: "%02x", $0) }.joined()
    }

    @Test func tagDecodeFindsTheMessage() async throws {
        let data: [UInt8] = [
            0x01, 0x03, 0xA0, 0x0C, 0x34, 0x03, 0x08, 0xD1, 0x01, 0x04, 0x55, 0x05, 0x31, 0x31, 0x30, 0xFE,
        ]
        let run = try await hukou(
            "tag",
            "decode",
            "--type",
            "2",
            "--hex",
            Self.image(cc: [0xE1, 0x10, 0x12, 0x00], data: data)
        )
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try records(run).first?["uri"] as? String == "tel:110")
    }

    @Test func tagDecodeEmptyNDEF() async throws {
        let run = try await hukou(
            "tag",
            "decode",
            "--type",
            "2",
            "--hex",
            Self.image(cc: [0xE1, 0x10, 0x12, 0x00], data: [3, 0, 0xFE])
        )
        #expect(run.status == 0)
        #expect(run.out == "{\"records\":[]}\n")
    }

    @Test func tagDecodeReadsOnePagePerLine() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = Self.image(cc: [0xE1, 0x10, 0x06, 0x00], data: [0x03, 0x03, 0xD0, 0x00, 0x00, 0xFE])
            .replacing(" ", with: "")
        let pages = stride(from: 0, to: image.count, by: 8).map { offset in
            let start = image.index(image.startIndex, offsetBy: offset)
            return String(image[start..<image.index(start, offsetBy: 8)])
        }
        let file = directory.appendingPathComponent("tag.hex")
        try Data((pages.joined(separator: "\n") + "\n").utf8).write(to: file)
        let run = try await hukou("tag", "decode", "--type", "2", "--file", file.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try records(run).first?["tnf"] as? Int == 0)
    }

    @Test func tagDecodeErrors() async throws {
        let badCC = try await hukou(
            "tag",
            "decode",
            "--type",
            "2",
            "--hex",
            Self.image(cc: [0xE2, 0x10, 0x06, 0x00], data: [])
        )
        expectDataError(badCC, code: "invalidMagicNumber", offset: 12)
        let overrun = try await hukou(
            "tag",
            "decode",
            "--type",
            "2",
            "--hex",
            Self.image(cc: [0xE1, 0x10, 0x06, 0x00], data: [0x00, 0x03, 0x40])
        )
        expectDataError(overrun, code: "tlvOverrun", offset: 17)
        let badMessage = try await hukou(
            "tag",
            "decode",
            "--type",
            "2",
            "--hex",
            Self.image(cc: [0xE1, 0x10, 0x06, 0x00], data: [0x03, 0x03, 0x50, 0x00, 0x00])
        )
        expectDataError(badMessage, code: "missingMessageBegin", offset: 18)
        #expect(try await hukou("tag", "decode", "--type", "4", "--hex", "00").status == 64)
    }
}
