import CounterStaff
import CounterStore
import CounterTerminal
import Foundation
import Testing

@Suite("Who may do what at the prompt")
struct SessionAccessTests {
    /// A pending phone tap at window 1.
    static func pendingAtWindow1(_ store: CounterStore) async throws -> TransactionID {
        try await store.submitTap(renewalTap(window: 1, nonce: UUID().uuidString)).transaction.id
    }

    @Test("a clerk of window 2 cannot confirm or reject window 1's pending tap by its number; both refusals audited")
    func crossWindowConfirm() async throws {
        let store = try CounterStore.inMemory()
        let id = try await Self.pendingAtWindow1(store)
        let session = CounterSession(store: store, window: 2, operator: .li(), language: .zh)
        _ = try await session.open()
        let confirm = await session.handle(line: "确认 \(id)").lines.joined()
        #expect(confirm.contains("1 号窗口不是您的窗口") && confirm.contains("window 1 is not one of your windows"))
        let reject = await session.handle(line: "退回 \(id) 材料不全").lines.joined()
        #expect(reject.contains("✗"), "\(reject)")
        #expect(try await store.transaction(id)?.state == .pending)
        let refused = try await store.auditEntries(transaction: id).filter { $0.action == "refused" }
        #expect(
            refused.map(\.details) == [
                "action=confirm reason=window=1 role=clerk", "action=reject reason=window=1 role=clerk",
            ]
        )
        #expect(refused.allSatisfy { $0.operator == "李警官(010002)/li" })
    }

    @Test("a clerk cannot open another window's prompt (so cannot call, serve, complete there); the refusal is audited")
    func otherWindowPrompt() async throws {
        let store = try CounterStore.inMemory()
        _ = try await Self.pendingAtWindow1(store)
        let session = CounterSession(store: store, window: 1, operator: .li(), language: .zh)
        await #expect(throws: StaffError.self) { _ = try await session.open() }
        let rows = try await store.auditEntries().filter { $0.action == "refused" }
        #expect(rows.count == 1 && rows.first?.details == "action=open_prompt reason=window=1 role=clerk")
        // Even if a caller skipped open(), every command is checked again.
        for line in ["叫号", "列表", "确认", "开始", "办结", "过号", "转窗 3", "挂起"] {
            let reply = await session.handle(line: line).lines.joined()
            #expect(reply.contains("不是您的窗口"), "\(line): \(reply)")
        }
        #expect(try await store.transactions(states: [.pending]).count == 1)
    }

    @Test("the clerk's own window: confirm, call, serve, complete all go ahead")
    func ownWindow() async throws {
        let store = try CounterStore.inMemory()
        let id = try await Self.pendingAtWindow1(store)
        let session = CounterSession(store: store, window: 1, operator: .wang(), language: .zh)
        _ = try await session.open()
        for line in ["确认 \(id)", "叫号", "开始", "核验 1 2", "办结"] {
            #expect(!(await session.handle(line: line).lines.joined().contains("✗")), "\(line)")
        }
        #expect(try await store.transaction(id)?.state == .completed)
    }

    @Test("a supervisor at window 2 may confirm window 1's tap")
    func supervisorAnyWindow() async throws {
        let store = try CounterStore.inMemory()
        let id = try await Self.pendingAtWindow1(store)
        let session = CounterSession(store: store, window: 2, operator: .supervisor, language: .zh)
        _ = try await session.open()
        #expect(await session.handle(line: "确认 \(id)").lines.joined().contains("B001"))
    }

    @Test("a technician never opens the prompt")
    func technician() async throws {
        let store = try CounterStore.inMemory()
        let technician = CounterOperator.staff(
            StaffMember(login: "zhao", name: "赵工", number: "T1", role: .technician)
        )
        let session = CounterSession(store: store, window: 1, operator: technician, language: .zh)
        await #expect(throws: StaffError.self) { _ = try await session.open() }
    }
}
