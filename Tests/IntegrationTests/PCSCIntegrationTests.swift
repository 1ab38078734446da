import Foundation
import HukouTestSupport
import Testing

/// `hukou tag read` through the real pcscd and libpcsclite, with `hukou virtual pcsc-card` as the tag.
@Suite(
    "hukou tag read through a real pcscd",
    .serialized,
    .enabled(if: PCSCSandbox.shouldRun, "needs root, unshare, nsenter, pcscd and vsmartcard-vpcd")
)
struct PCSCIntegrationTests {
    /// A Text record (language `zh`) holding `text`.
    static func textRecord(_ text: String) -> [UInt8] {
        let payload = [0x02] + Array("zh".utf8) + Array(text.utf8)
        if payload.count < 256 { return [0xD1, 0x01, UInt8(payload.count), 0x54] + payload }
        let length = UInt32(payload.count)
        return [0xC1, 0x01] + withUnsafeBytes(of: length.bigEndian, Array.init) + [0x54] + payload
    }

    static let reader = "pcsc:" + PCSCSandbox.cliReaderName

    static func read(_ sandbox: PCSCSandbox, timeout: Int = 5) async throws -> PCSCCommandResult {
        try await sandbox.hukou(["tag", "read", "--reader", reader, "--json", "--timeout", "\(timeout)"])
    }

    static func texts(_ json: [String: Any]) -> [String] {
        (json["records"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
    }

    static func tag(_ json: [String: Any]) -> [String: Any] {
        json["tag"] as? [String: Any] ?? [:]
    }

    @Test("a Type 4 tag (a phone's HCE app) is read by APDUs in at most 5 commands")
    func type4() async throws {
        guard let sandbox = try PCSCSandbox.make("type4") else { return }
        defer { sandbox.stop() }
        try await sandbox.startPCSCD()
        try sandbox.startCard(tag: "type4", ndef: Self.textRecord("HUKOU:110101-0001"))
        let result = try await Self.read(sandbox)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(Self.texts(json) == ["HUKOU:110101-0001"])
        #expect(Self.tag(json)["type"] as? String == "type4")
        #expect((Self.tag(json)["commands"] as? Int ?? 99) <= 5)
        #expect((Self.tag(json)["uid"] as? String)?.isEmpty == false)
    }

    @Test("an NDEF message longer than MLe is read in several READ BINARY commands")
    func type4SeveralReads() async throws {
        guard let sandbox = try PCSCSandbox.make("type4SeveralReads") else { return }
        defer { sandbox.stop() }
        try await sandbox.startPCSCD()
        let long = String(repeating: "户籍迁入登记", count: 40)  // 720 bytes of text
        try sandbox.startCard(tag: "type4", ndef: Self.textRecord(long), extra: ["--mle", "128"])
        let result = try await Self.read(sandbox)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(Self.texts(json) == [long])
        // SELECT app, SELECT CC, READ CC, SELECT NDEF, then ⌈(2 + 733) / 128⌉ = 6 READ BINARY at least.
        #expect((Self.tag(json)["commands"] as? Int ?? 0) >= 10)
    }

    @Test("an NTAG215 appears as a PC/SC storage card and is read by FF B0, falling back from FAST_READ to READ")
    func type2() async throws {
        guard let sandbox = try PCSCSandbox.make("type2") else { return }
        defer { sandbox.stop() }
        try await sandbox.startPCSCD()
        let text = "HUKOU:NTAG-" + String(repeating: "x", count: 100)
        try sandbox.startCard(tag: "ntag215", ndef: Self.textRecord(text))
        let result = try await Self.read(sandbox)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(Self.texts(json) == [text])
        #expect(Self.tag(json)["type"] as? String == "type2")
        #expect((Self.tag(json)["uid"] as? String)?.count == 14)
    }

    @Test(
        "a tag removed mid-read ends with a non-zero exit, a message on stderr and nothing on stdout",
        arguments: [("type4", 3), ("ntag215", 1)]
    )
    func removalMidRead(tag: String, after: Int) async throws {
        guard let sandbox = try PCSCSandbox.make("removalMidRead") else { return }
        defer { sandbox.stop() }
        try await sandbox.startPCSCD()
        let long = String(repeating: "迁", count: 200)
        try sandbox.startCard(tag: tag, ndef: Self.textRecord(long), extra: ["--remove-after", "\(after)"])
        let result = try await Self.read(sandbox)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.isEmpty)
    }

    @Test("a MIFARE Classic card is recognised from its Part 3 ATR and refused, not misread as Type 2")
    func mifareClassic() async throws {
        guard let sandbox = try PCSCSandbox.make("mifareClassic") else { return }
        defer { sandbox.stop() }
        try await sandbox.startPCSCD()
        try sandbox.startCard(tag: "mifare-classic-1k", ndef: nil)
        let result = try await Self.read(sandbox)
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("MIFARE Classic"))
    }

    @Test("no tag before the timeout: non-zero exit and nothing on stdout")
    func noTag() async throws {
        guard let sandbox = try PCSCSandbox.make("noTag") else { return }
        defer { sandbox.stop() }
        try await sandbox.startPCSCD()
        let result = try await Self.read(sandbox, timeout: 1)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
    }

    @Test("pcscd restarted while tag read waits: it establishes a new context and reads the tag")
    func pcscdRestart() async throws {
        guard let sandbox = try PCSCSandbox.make("pcscdRestart") else { return }
        defer { sandbox.stop() }
        try await sandbox.startPCSCD()
        let run = try sandbox.startHukou(["tag", "read", "--reader", Self.reader, "--json", "--timeout", "15"])
        let firstLog = sandbox.pcscdLog
        try await poll("tag read to wait in SCardGetStatusChange", within: .seconds(30)) {
            ((try? String(contentsOf: firstLog, encoding: .utf8)) ?? "").contains("CMD_WAIT_READER_STATE_CHANGE")
        }
        try await sandbox.stopPCSCD()
        try await sandbox.startPCSCD()
        try sandbox.startCard(tag: "type4", ndef: Self.textRecord("HUKOU:AFTER-RESTART"))
        let result = try await run.finish(within: .seconds(20))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.texts(try result.json()) == ["HUKOU:AFTER-RESTART"])
    }

    @Test("hukou readers lists the virtual reader with the card pcscd sees")
    func readers() async throws {
        guard let sandbox = try PCSCSandbox.make("readers") else { return }
        defer { sandbox.stop() }
        try await sandbox.startPCSCD()
        try sandbox.startCard(tag: "ntag213", ndef: Self.textRecord("x"))
        var listing: [[String: Any]] = []
        // pcscd polls card presence every 400 ms; ask until it has seen the card (at most 5 s).
        for _ in 0..<100 {
            let result = try await sandbox.hukou(["readers", "--json"])
            let json = try result.json()
            listing = json["readers"] as? [[String: Any]] ?? []
            if listing.first?["card"] != nil { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let first = try #require(listing.first)
        #expect(first["reader"] as? String == Self.reader)
        #expect((first["card"] as? String)?.contains("Type 2") == true)
        #expect(listing.count == 2)
    }
}
