import CounterStore
import CounterTerminal
import Foundation
import Testing

/// A service-card tap for `window`, with content `seed` (distinct seeds never deduplicate).
func cardTap(window: Int, seed: String, priority: Priority = .normal) -> TapSubmission {
    TapSubmission(
        businessCode: "ID_RENEW",
        businessNameZH: "居民身份证换领",
        businessNameEN: "ID card renewal",
        ticketCategory: "B",
        window: window,
        priority: priority,
        intentPayload: Array(#"{"v":1,"svc":"ID_RENEW","seed":"\#(seed)"}"#.utf8),
        profile: "card",
        signatureStatus: "unsigned",
        dedupKey: .content(sha256: Array(seed.utf8) + Array(repeating: 0, count: max(0, 32 - seed.utf8.count))),
        materials: ["居民户口簿", "原居民身份证"],
        reader: "sim:window\(window)"
    )
}

/// A phone tap with personal data, to check masking.
func phoneTap(window: Int, nonce: String) -> TapSubmission {
    TapSubmission(
        businessCode: "MOVE_IN",
        businessNameZH: "迁入登记",
        businessNameEN: "Move-in registration",
        ticketCategory: "A",
        window: window,
        intentPayload: Array("eyJhbGciOiJFZERTQSJ9.e30.sig".utf8),
        profile: "phone",
        signatureStatus: "verified:test-2026",
        applicant: ApplicantRecord(name: "张小明", idNumber: "11010519491231002X"),
        dedupKey: .nonce(nonce, keyID: "test-2026"),
        materials: ["准迁证"],
        reader: "sim:window\(window)"
    )
}

@Suite("Counter session against an in-memory store")
struct CounterSessionTests {
    @Test("confirm, next, start, complete: the happy path, with the operator on every audit row")
    func happyPath() async throws {
        let store = try CounterStore.inMemory()
        let tap = try await store.submitTap(cardTap(window: 1, seed: "a"))
        let session = CounterSession(store: store, window: 1, operator: .wang(), language: .zh)
        let greeting = try await session.open()
        #expect(greeting.joined(separator: "\n").contains("#\(tap.transaction.id)"))
        #expect(greeting.joined(separator: "\n").contains("居民户口簿"))

        let confirmed = await session.handle(line: "确认")
        #expect(confirmed.lines.first?.contains("B001") == true, "\(confirmed.lines)")
        let called = await session.handle(line: "叫号")
        #expect(called.lines.first?.contains("请 B001 号到 1 号窗口办理") == true, "\(called.lines)")
        #expect(await session.prompt().contains("B001"))
        let started = await session.handle(line: "start")
        #expect(started.lines.first?.contains("开始办理") == true)
        _ = await session.handle(line: "核验 1 2")
        let done = await session.handle(line: "办结")
        #expect(done.lines.first?.contains("已办结") == true)
        #expect(try await store.transaction(tap.transaction.id)?.state == .completed)
        #expect(!(await session.prompt().contains("B001")))
        let verification = try await store.verifyAudit()
        guard case .intact = verification else {
            Issue.record("audit chain broken: \(verification)")
            return
        }
    }

    @Test("commands without a current ticket, unknown IDs and illegal moves are bilingual errors")
    func errors() async throws {
        let store = try CounterStore.inMemory()
        let session = CounterSession(store: store, window: 2, operator: .li(), language: .en)
        _ = try await session.open()
        let start = await session.handle(line: "start")
        #expect(start.lines.first?.hasPrefix("✗") == true)
        #expect(start.lines.first?.contains("叫号") == true && start.lines.first?.contains("next") == true)
        let confirm = await session.handle(line: "confirm")
        #expect(confirm.lines.first?.contains("nothing is pending") == true)
        let unknown = await session.handle(line: "confirm 999")
        #expect(unknown.lines.first?.hasPrefix("✗") == true, "\(unknown.lines)")
        let next = await session.handle(line: "next")
        #expect(next.lines.first?.contains("no one is waiting") == true)
        let bad = await session.handle(line: "frobnicate")
        #expect(bad.lines.first?.contains("未知命令") == true && bad.lines.first?.contains("unknown command") == true)

        let tap = try await store.submitTap(cardTap(window: 2, seed: "b"))
        _ = await session.handle(line: "confirm \(tap.transaction.id)")
        let again = await session.handle(line: "confirm \(tap.transaction.id)")
        #expect(again.lines.first?.contains("not allowed") == true, "\(again.lines)")
        #expect(again.lines.first?.contains("不能执行") == true)
        #expect((await session.handle(line: "quit")).quit)
    }

    @Test("reject with reason, suspend and resume, transfer to another window, no-show, recall, find, list")
    func sideExits() async throws {
        let store = try CounterStore.inMemory()
        let session = CounterSession(store: store, window: 1, operator: .wang(), language: .zh)
        _ = try await session.open()
        let first = try await store.submitTap(cardTap(window: 1, seed: "r")).transaction
        let rejected = await session.handle(line: "退回 \(first.id) 材料不全")
        #expect(rejected.lines.first?.contains("已退回") == true)
        #expect(try await store.transaction(first.id)?.rejectReason == "材料不全")

        let second = try await store.submitTap(cardTap(window: 1, seed: "s")).transaction
        _ = await session.handle(line: "确认 \(second.id)")
        _ = await session.handle(line: "叫号")
        let recall = await session.handle(line: "重呼")
        #expect(recall.lines.first?.contains("重呼") == true)
        #expect(try await store.transaction(second.id)?.recallCount == 1)
        _ = await session.handle(line: "挂起 缺照片")
        #expect(try await store.transaction(second.id)?.state == .suspended)
        let resumed = await session.handle(line: "恢复 \(second.id)")
        #expect(resumed.lines.first?.contains("已恢复") == true, "\(resumed.lines)")

        let found = await session.handle(line: "查找 b001")
        #expect(found.lines.first?.contains("#\(second.id)") == true, "\(found.lines)")
        let missing = await session.handle(line: "查找 Z999")
        #expect(missing.lines.first?.hasPrefix("✗") == true)

        let third = try await store.submitTap(cardTap(window: 1, seed: "t")).transaction
        _ = await session.handle(line: "确认 \(third.id)")
        let listing = await session.handle(line: "列表")
        #expect(listing.lines.contains { $0.contains("#\(third.id)") })

        // Call whoever is next, then transfer them; the next call gets the other one, then mark a no-show.
        _ = await session.handle(line: "叫号")
        let transfer = await session.handle(line: "转窗 3")
        #expect(transfer.lines.first?.contains("3 号窗口") == true, "\(transfer.lines)")
        _ = await session.handle(line: "叫号")
        let noShow = await session.handle(line: "过号")
        #expect(noShow.lines.first?.contains("过号") == true, "\(noShow.lines)")
        let states = Set(try await store.transactions().map(\.state))
        #expect(states.contains(.transferred) && states.contains(.noShow) && states.contains(.rejected))
    }

    @Test("the watcher reports each new tap for its window once, and ignores other windows")
    func watcher() async throws {
        let store = try CounterStore.inMemory()
        var watcher = PendingTapWatcher(store: store, window: 1)
        #expect(try await watcher.poll().isEmpty)
        let mine = try await store.submitTap(cardTap(window: 1, seed: "w1")).transaction
        _ = try await store.submitTap(cardTap(window: 2, seed: "w2"))
        let fresh = try await watcher.poll()
        #expect(fresh.map(\.id) == [mine.id])
        #expect(try await watcher.poll().isEmpty)
        _ = try await store.submitTap(cardTap(window: 1, seed: "w1"))  // a repeat: nothing new
        #expect(try await watcher.poll().isEmpty)
    }
}

@Suite("Counter renderer")
struct CounterRendererTests {
    @Test("a new phone tap shows business, masked applicant, materials, signature; never the full ID or name")
    func newTap() async throws {
        let store = try CounterStore.inMemory()
        let transaction = try await store.submitTap(phoneTap(window: 1, nonce: "n-123456789012345")).transaction
        let zh = CounterRenderer(language: .zh, window: 1).newTap(transaction, duplicate: true).joined(separator: "\n")
        #expect(zh.contains("迁入登记"))
        #expect(zh.contains("准迁证"))
        #expect(zh.contains("已验证"))
        #expect(zh.contains("重复"))
        #expect(zh.contains("110***********002X"))
        #expect(!zh.contains("11010519491231002X"))
        #expect(!zh.contains("张小明"))
        let en = CounterRenderer(language: .en, window: 1).newTap(transaction).joined(separator: "\n")
        #expect(en.contains("Move-in registration"))
        #expect(en.contains("verified"))
        #expect(!en.contains("repeated"))
    }

    @Test("a repeated tap is one line naming the transaction and its state")
    func repeatedTap() async throws {
        let store = try CounterStore.inMemory()
        let transaction = try await store.submitTap(cardTap(window: 1, seed: "again")).transaction
        let zh = CounterRenderer(language: .zh, window: 1).repeatedTap(transaction)
        #expect(zh.contains("重复碰卡 #\(transaction.id)") && zh.contains("待确认"))
        let en = CounterRenderer(language: .en, window: 1).repeatedTap(transaction)
        #expect(en.contains("Repeated tap #\(transaction.id)") && en.contains("pending"))
    }

    @Test("help lists every command with its Chinese alias")
    func help() {
        let lines = CounterRenderer(language: .zh, window: 1).help().joined(separator: "\n")
        for word in [
            "confirm", "确认", "reject", "退回", "next", "叫号", "recall", "重呼", "start", "开始", "complete", "办结",
            "noshow", "过号", "transfer", "转窗", "suspend", "挂起", "resume", "恢复", "list", "列表", "find", "查找",
            "help", "帮助", "quit", "退出",
        ] {
            #expect(lines.contains(word), "help lacks \(word)")
        }
    }

    @Test("the prompt names the window and the current ticket")
    func prompt() {
        let renderer = CounterRenderer(language: .en, window: 4)
        #expect(renderer.prompt(current: nil) == "Window 4> ")
    }
}
