import CounterStore
import CounterTerminal
import Foundation
import HukouIntent
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Hand-off record")
struct HandoffRecordTests {
    static func served(_ store: CounterStore, handoff: String? = nil) async throws -> (CounterSession, TransactionID) {
        let tap = try await store.submitTap(renewalTap(window: 1, nonce: UUID().uuidString))
        let session = CounterSession(
            store: store,
            window: 1,
            operator: .wang(),
            language: .zh,
            handoffDirectory: handoff,
            clock: { fixedNow }
        )
        _ = try await session.open()
        for line in ["确认", "叫号", "开始", "核验 1"] { _ = await session.handle(line: line) }
        return (session, tap.transaction.id)
    }

    @Test("version 1: fields in catalog order with labels and ID facts, signature, materials; JSON round trip")
    func record() async throws {
        let store = try CounterStore.inMemory()
        let (_, id) = try await Self.served(store)
        let (transaction, applicant) = try await store.exportApplicant(
            id,
            operator: "王警官(010001)/wang",
            details: "to=test"
        )
        let record = HandoffRecord(
            transaction,
            applicant: applicant,
            business: BusinessCatalog.default.entry(for: "ID_RENEW"),
            checked: [1],
            exportedAt: fixedNow,
            exportedBy: "王警官(010001)/wang"
        )
        #expect(record.format == "hukou-handoff" && record.version == 1)
        #expect(record.fields.map(\.key) == ["name", "id", "renew_reason", "delivery_addr"])
        #expect(record.fields[1].value == "110101199003070011" && record.fields[1].labelZH == "申请人公民身份号码")
        #expect(record.fields[1].idFacts?.birthDate == "1990-03-07" && record.fields[1].idFacts?.age == 36)
        #expect(record.fields[1].idFacts?.province == "北京市" && record.fields[1].idFacts?.sex == .male)
        #expect(record.signature.status == "verified" && record.signature.keyID == "test-2026")
        #expect(record.priority == "elderly")
        #expect(record.materials.map(\.checked) == [true, false] && record.materials[0].nameEN == "the old ID card")
        let json = try record.json()
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"exported_at\" : \"2026-12-04T04:00:00Z\""), "\(text)")
        #expect(try HandoffRecord.decode(json).json() == json)
        let future = text.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 2")
        #expect(throws: DecodingError.self) { try HandoffRecord.decode(Data(future.utf8)) }
        let audit = try await store.auditEntries(transaction: id).filter { $0.action == "export" }
        #expect(audit.map(\.details) == ["fields=name,id,delivery_addr,renew_reason to=test"])
    }

    @Test("导出 writes the record into the hand-off folder, mode 0600, and audits it; another window's clerk is refused")
    func exportAtThePrompt() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try CounterStore.inMemory()
        let (session, id) = try await Self.served(store, handoff: folder.path)
        let reply = await session.handle(line: "导出").lines.joined()
        #expect(reply.contains("已导出交接记录"), "\(reply)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files == ["hukou-handoff-\(id)-20261204T040000Z.json"], "\(files)")
        let path = folder.appendingPathComponent(files.first ?? "").path
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        let record = try HandoffRecord.decode(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(record.fields.first?.value == "张小明" && record.exportedBy == "王警官(010001)/wang")
        // The same second again: the file exists, nothing is overwritten.
        #expect(await session.handle(line: "导出").lines.joined().contains("✗"))

        let other = CounterSession(
            store: store,
            window: 2,
            operator: .li(),
            language: .zh,
            handoffDirectory: folder.path
        )
        _ = try await other.open()
        let refused = await other.handle(line: "导出 \(id)").lines.joined()
        #expect(refused.contains("1 号窗口不是您的窗口"), "\(refused)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 1)
        let audit = try await store.auditEntries(transaction: id)
        #expect(audit.filter { $0.action == "export" }.count == 2)
        #expect(audit.contains { $0.action == "refused" && $0.details.hasPrefix("action=export") })
    }

    @Test("without a configured folder 导出 says so and writes nothing")
    func noFolder() async throws {
        let store = try CounterStore.inMemory()
        let (session, id) = try await Self.served(store)
        #expect(await session.handle(line: "导出").lines.joined().contains("counter.handoff_directory"))
        #expect(try await store.auditEntries(transaction: id).allSatisfy { $0.action != "export" })
    }
}
