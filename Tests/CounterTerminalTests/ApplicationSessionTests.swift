import CounterStore
import CounterTerminal
import Foundation
import Testing

@Suite("Application view at the serving window")
struct ApplicationSessionTests {
    /// A phone tap at window 1 confirmed and called there; returns the session and the transaction id.
    static func called(_ store: CounterStore) async throws -> (CounterSession, TransactionID) {
        let tap = try await store.submitTap(renewalTap(window: 1, nonce: UUID().uuidString))
        let session = CounterSession(
            store: store,
            window: 1,
            operator: .wang(),
            language: .zh,
            clock: { fixedNow }
        )
        _ = try await session.open()
        _ = await session.handle(line: "确认")
        _ = await session.handle(line: "叫号")
        return (session, tap.transaction.id)
    }

    @Test("开始 shows the whole application; the reveal is audited with field keys, never values")
    func startReveals() async throws {
        let store = try CounterStore.inMemory()
        let (session, id) = try await Self.called(store)
        let called = await session.handle(line: "叫号")
        #expect(!called.lines.joined().contains("110101199003070011"))
        let started = await session.handle(line: "开始").lines.joined(separator: "\n")
        #expect(started.contains("张小明") && started.contains("110101199003070011"), "\(started)")
        #expect(started.contains("北京市东城区东华门街道100号") && started.contains("36 岁"))
        let details = await session.handle(line: "详情").lines.joined(separator: "\n")
        #expect(details.contains("110101199003070011"))

        let reveals = try await store.auditEntries(transaction: id).filter { $0.action == "reveal" }
        #expect(reveals.count == 2)
        #expect(reveals.first?.operator == "王警官(010001)/wang")
        #expect(reveals.first?.details == "window=1 fields=name,id,delivery_addr,renew_reason")
        for entry in try await store.auditEntries() {
            #expect(!entry.details.contains("张小明") && !entry.details.contains("110101199003070011"))
            #expect(!entry.details.contains("东华门"))
        }
        // list and find stay masked.
        let list = await session.handle(line: "列表").lines.joined(separator: "\n")
        #expect(!list.contains("张小明") && list.contains("张*明"), "\(list)")
    }

    @Test("values show only at the window serving the ticket, and only while it is served")
    func otherWindow() async throws {
        let store = try CounterStore.inMemory()
        let (session, id) = try await Self.called(store)
        // Called, not yet served: no reveal.
        let early = await session.handle(line: "详情").lines.joined()
        #expect(!early.contains("110101199003070011") && early.contains("没有正在办理"), "\(early)")
        _ = await session.handle(line: "开始")
        let other = CounterSession(store: store, window: 2, operator: .li(), language: .zh)
        _ = try await other.open()
        let there = await other.handle(line: "详情").lines.joined()
        #expect(!there.contains("110101199003070011"))
        await #expect(throws: CounterStoreError.self) {
            _ = try await store.revealApplicant(id, atWindow: 2, operator: "李警官(010002)/li")
        }
        #expect(try await store.auditEntries(transaction: id).filter { $0.action == "reveal" }.count == 1)
    }

    @Test("核验 ticks materials one by one; 办结 with unticked materials asks once, the audit names them")
    func materials() async throws {
        let store = try CounterStore.inMemory()
        let (session, id) = try await Self.called(store)
        _ = await session.handle(line: "开始")
        let ticked = await session.handle(line: "核验 1").lines.joined(separator: "\n")
        #expect(ticked.contains("[✓] 1") && ticked.contains("[ ] 2") && ticked.contains("(1/2)"), "\(ticked)")
        let bad = await session.handle(line: "核验 3").lines.joined()
        #expect(bad.contains("✗"), "\(bad)")
        #expect(try await store.checkedMaterials(of: id) == [1])

        let asked = await session.handle(line: "办结").lines.joined()
        #expect(asked.contains("材料 2 尚未核验"), "\(asked)")
        #expect(try await store.transaction(id)?.state == .serving)
        // Something else in between: the question is asked again.
        _ = await session.handle(line: "帮助")
        #expect(await session.handle(line: "办结").lines.joined().contains("尚未核验"))
        let done = await session.handle(line: "办结").lines.joined()
        #expect(done.contains("已办结"), "\(done)")
        let audit = try await store.auditEntries(transaction: id)
        #expect(audit.contains { $0.action == "check_materials" && $0.details == "checked=1 of=2" })
        #expect(audit.last?.action == "complete" && audit.last?.details == "ticket=B001 unchecked=2")
    }

    @Test("all materials ticked: 办结 completes at once")
    func allTicked() async throws {
        let store = try CounterStore.inMemory()
        let (session, _) = try await Self.called(store)
        _ = await session.handle(line: "开始")
        _ = await session.handle(line: "核验 1，2")
        #expect(await session.handle(line: "办结").lines.joined().contains("已办结"))
    }
}
