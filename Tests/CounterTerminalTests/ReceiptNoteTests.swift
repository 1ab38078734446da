import CounterStore
import CounterTerminal
import Foundation
import Testing

@Suite("The clerk sees whether a receipt reached the phone")
struct ReceiptNoteTests {
    @Test("list and find show the receipt delivery of phones that asked for one, and nothing for the others")
    func receiptNotes() async throws {
        let store = try CounterStore.inMemory()
        let asked = try await store.submitTap(phoneTap(window: 1, nonce: "AAAAAAAAAAAAAAAAAAAAAA")).transaction
        let plain = try await store.submitTap(cardTap(window: 1, seed: "p")).transaction
        try await store.recordReceiptDelivery(asked.id, delivered: false, at: Date())
        let session = CounterSession(store: store, window: 1, operator: .wang(), language: .zh)
        _ = try await session.open()
        var list = await session.handle(line: "list").lines.joined(separator: "\n")
        #expect(list.contains("回执未写入"))
        try await store.recordReceiptDelivery(asked.id, delivered: true, at: Date())
        list = await session.handle(line: "list").lines.joined(separator: "\n")
        let rows = list.split(separator: "\n")
        #expect(rows.first { $0.contains("#\(asked.id)") }?.contains("回执已写入手机") == true)
        #expect(rows.first { $0.contains("#\(plain.id)") }?.contains("回执") == false)
        #expect(try await store.receiptDelivery(of: asked.id)?.attempts == 2)
        #expect(try await store.receiptDelivery(of: plain.id) == nil)
    }
}
