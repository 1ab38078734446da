import Foundation
import Testing

/// `hukou tag read --reader libnfc:pn532_uart:…` through the stock Debian libnfc and its `pn532_uart` driver,
/// against `hukou virtual pn532` on a pseudo-terminal. Every process is started and stopped by PID here.
@Suite(
    "hukou tag read through libnfc and a virtual PN532",
    .serialized,
    .enabled(if: LibNFCProcess.isAvailable),
    .timeLimit(.minutes(2))
)
struct LibNFCIntegrationTests {
    /// A Text record, "HUKOU:PN532", in Chinese.
    private static let text = "D1010E54027A6848554B4F553A504E353332"

    private static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("libnfc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Starts `hukou virtual pn532` with a link in `directory` and waits for the link.
    private static func virtualPN532(_ options: [String], in directory: URL) async throws -> (LibNFCProcess, String) {
        let link = directory.appendingPathComponent("pn532-\(UUID().uuidString.prefix(8))").path
        let device = try LibNFCProcess(["virtual", "pn532", "--link", link] + options, in: directory)
        #expect(await LibNFCProcess.waitForFile(link, timeout: .seconds(10)), "no link: \(device.stderr)")
        return (device, link)
    }

    private static func tagRead(link: String, timeout: Int = 5, in directory: URL) throws -> LibNFCProcess {
        try LibNFCProcess(
            ["tag", "read", "--reader", "libnfc:pn532_uart:\(link)", "--json", "--timeout", "\(timeout)"],
            in: directory
        )
    }

    private static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("A phone's Type 4 NDEF application is read")
    func type4() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (device, link) = try await Self.virtualPN532(["--tag", "type4", "--hex", Self.text], in: directory)
        defer { device.terminate() }
        let read = try Self.tagRead(link: link, in: directory)
        defer { read.terminate() }
        #expect(await read.wait(timeout: .seconds(20)))
        #expect(read.status == 0, "\(read.stderr)")
        let output = try Self.json(read.stdout)
        let tag = try #require(output["tag"] as? [String: Any])
        #expect(tag["type"] as? String == "type4")
        let records = try #require(output["records"] as? [[String: Any]])
        #expect(records.count == 1)
        #expect(records.first?["text"] as? String == "HUKOU:PN532")
        #expect((tag["commands"] as? Int).map { $0 <= 5 } == true, "\(tag)")
    }

    @Test(
        "NTAGs are read with GET_VERSION and FAST_READ in as few commands as a PN532 frame allows",
        arguments: [("ntag213", 130), ("ntag215", 480), ("ntag216", 850)]
    )
    func type2FastRead(kind: String, textLength: Int) async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A Text record whose NDEF TLV nearly fills the tag.
        let body = String(repeating: "户", count: textLength / 3)
        let payload = [UInt8(0x02)] + Array("zh".utf8) + Array(body.utf8)
        let record: [UInt8] =
            payload.count < 256
            ? [0xD1, 0x01, UInt8(payload.count), 0x54] + payload
            : [0xC1, 0x01, 0x00, 0x00, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF), 0x54] + payload
        let hex = record.map { String(format: "%02X", $0) }.joined()
        let (device, link) = try await Self.virtualPN532(["--tag", kind, "--hex", hex], in: directory)
        defer { device.terminate() }
        let read = try Self.tagRead(link: link, in: directory)
        defer { read.terminate() }
        #expect(await read.wait(timeout: .seconds(20)))
        #expect(read.status == 0, "\(read.stderr)")
        let output = try Self.json(read.stdout)
        let tag = try #require(output["tag"] as? [String: Any])
        #expect(tag["type"] as? String == "type2")
        let records = try #require(output["records"] as? [[String: Any]])
        #expect(records.first?["text"] as? String == body)
        // GET_VERSION, then FAST_READ of the 16 header bytes plus the TLV in frames of at most 260 bytes.
        let tlvLength = record.count + (record.count < 255 ? 2 : 4)
        let bytesToRead = 16 + tlvLength
        let expectedMost = 1 + (bytesToRead + 259) / 260
        let commands = try #require(tag["commands"] as? Int)
        #expect(commands <= expectedMost, "\(commands) commands for \(bytesToRead) bytes")
        #expect(commands >= 2)
    }

    @Test("An Ultralight NAKs GET_VERSION, is selected again through libnfc and read with READ")
    func ultralight() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (device, link) = try await Self.virtualPN532(
            ["--tag", "ultralight", "--hex", Self.text],
            in: directory
        )
        defer { device.terminate() }
        let read = try Self.tagRead(link: link, in: directory)
        defer { read.terminate() }
        #expect(await read.wait(timeout: .seconds(20)))
        #expect(read.status == 0, "\(read.stderr)")
        let records = try #require(try Self.json(read.stdout)["records"] as? [[String: Any]])
        #expect(records.first?["text"] as? String == "HUKOU:PN532")
    }

    @Test("A tag tapped a second after tag read started polling is read")
    func tapWhilePolling() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (device, link) = try await Self.virtualPN532(
            ["--tag", "ntag215", "--hex", Self.text, "--arrive-after", "1"],
            in: directory
        )
        defer { device.terminate() }
        let clock = ContinuousClock()
        let start = clock.now
        let read = try Self.tagRead(link: link, timeout: 10, in: directory)
        defer { read.terminate() }
        #expect(await read.wait(timeout: .seconds(20)))
        #expect(read.status == 0, "\(read.stderr)")
        #expect(start.duration(to: clock.now) >= .milliseconds(500))
        let records = try #require(try Self.json(read.stdout)["records"] as? [[String: Any]])
        #expect(records.first?["text"] as? String == "HUKOU:PN532")
    }

    @Test("A tag taken away mid-read: non-zero exit, a message on stderr, no records", arguments: ["type4", "ntag215"])
    func removalMidRead(kind: String) async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (device, link) = try await Self.virtualPN532(
            ["--tag", kind, "--hex", Self.text, "--remove-after", "1"],
            in: directory
        )
        defer { device.terminate() }
        let read = try Self.tagRead(link: link, timeout: 3, in: directory)
        defer { read.terminate() }
        #expect(await read.wait(timeout: .seconds(20)))
        #expect(read.status != 0)
        #expect(read.stdout.isEmpty, "\(read.stdout)")
        #expect(!read.stderr.isEmpty)
    }

    @Test("The reader vanishes while tag read waits; it comes back and the read succeeds")
    func vanishAndReturn() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The first device vanishes during libnfc's opening sequence.
        let (first, link) = try await Self.virtualPN532(
            ["--tag", "type4", "--hex", Self.text, "--vanish-after", "4"],
            in: directory
        )
        defer { first.terminate() }
        let read = try Self.tagRead(link: link, timeout: 15, in: directory)
        defer { read.terminate() }
        #expect(await first.wait(timeout: .seconds(10)), "the first device did not vanish")
        #expect(first.stderr.contains("vanished"), "\(first.stderr)")
        #expect(read.isRunning)
        let second = try LibNFCProcess(
            ["virtual", "pn532", "--link", link, "--tag", "type4", "--hex", Self.text],
            in: directory
        )
        defer { second.terminate() }
        #expect(await read.wait(timeout: .seconds(20)))
        #expect(read.status == 0, "\(read.stderr)")
        let records = try #require(try Self.json(read.stdout)["records"] as? [[String: Any]])
        #expect(records.first?["text"] as? String == "HUKOU:PN532")
    }

    @Test(
        "Real-world NDEF messages read through libnfc decode exactly as hukou ndef decode decodes them",
        .enabled(if: LibNFCProcess.corpusNDEFDirectory != nil)
    )
    func corpus() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let corpus = try #require(LibNFCProcess.corpusNDEFDirectory)
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".hex") }
            .sorted()
        #expect(!files.isEmpty)
        for file in files {
            let hex = try String(contentsOfFile: "\(corpus)/\(file)", encoding: .utf8)
                .filter { !$0.isWhitespace }
            let decode = try LibNFCProcess(["ndef", "decode", "--hex", hex], in: directory)
            defer { decode.terminate() }
            #expect(await decode.wait(timeout: .seconds(20)))
            let (device, link) = try await Self.virtualPN532(["--tag", "ntag216", "--hex", hex], in: directory)
            defer { device.terminate() }
            let read = try Self.tagRead(link: link, in: directory)
            defer { read.terminate() }
            #expect(await read.wait(timeout: .seconds(20)))
            #expect(read.status == 0 || decode.status != 0, "\(file): \(read.stderr)")
            guard read.status == 0, decode.status == 0 else { continue }
            let fromTag = try #require(try Self.json(read.stdout)["records"] as? NSArray, "\(file)")
            let fromDecode = try #require(try Self.json(decode.stdout)["records"] as? NSArray, "\(file)")
            #expect(fromTag == fromDecode, "\(file)")
        }
    }

    @Test("hukou readers lists a configured libnfc device, and flags one whose serial port is missing")
    func readers() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (device, link) = try await Self.virtualPN532(["--tag", "type4", "--hex", Self.text], in: directory)
        defer { device.terminate() }
        for (connstring, expectProblem) in [("pn532_uart:\(link)", false), ("pn532_uart:\(link)-missing", true)] {
            let readers = try LibNFCProcess(
                ["readers", "--json"],
                in: directory,
                environment: ["LIBNFC_DEVICE": connstring]
            )
            defer { readers.terminate() }
            #expect(await readers.wait(timeout: .seconds(20)))
            let listing = try Self.json(readers.stdout)
            let rows = try #require(listing["readers"] as? [[String: Any]])
            let row = try #require(rows.first { $0["reader"] as? String == "libnfc:\(connstring)" }, "\(rows)")
            #expect(row["driver"] as? String == "pn532_uart")
            let problems = try #require(row["problems"] as? [String])
            #expect(problems.isEmpty != expectProblem, "\(problems)")
        }
    }
}
