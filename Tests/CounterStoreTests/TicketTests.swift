import CounterStore
import Foundation
import Testing

@Suite("Tickets and priority")
struct TicketTests {
    @Test("tickets count per category and day")
    func numbering() async throws {
        let store = try CounterStore.inMemory()
        var tickets: [String?] = []
        for category in ["A", "A", "B", "A", "B"] {
            let id = try await store.submitTap(Fixtures.tap(category: category)).transaction.id
            tickets.append(try await store.confirm(id, operator: "c").ticket)
        }
        #expect(tickets == ["A001", "A002", "B001", "A003", "B002"])
        let found = try #require(try await store.transaction(ticket: "a003"))
        #expect(found.ticket == "A003")
        #expect(try await store.transaction(ticket: "A404") == nil)
    }

    @Test("a rejected tap never consumes a ticket number")
    func rejectedHasNoTicket() async throws {
        let store = try CounterStore.inMemory()
        let rejected = try await store.submitTap(Fixtures.tap()).transaction.id
        #expect(try await store.reject(rejected, reason: "重复", operator: "c").ticket == nil)
        let id = try await store.submitTap(Fixtures.tap()).transaction.id
        #expect(try await store.confirm(id, operator: "c").ticket == "A001")
    }

    @Test("numbers restart at the station's local midnight (Asia/Shanghai), not UTC")
    func dailyReset() async throws {
        let clock = TestClock()
        let store = try CounterStore.inMemory(options: .init(clock: { clock.now }))
        let formatter = ISO8601DateFormatter()
        // 23:58 and 23:59 in Shanghai on 2026-11-29 (15:58Z, 15:59Z), then 00:01 on the 30th.
        let late = try #require(formatter.date(from: "2026-11-29T15:58:00Z"))
        clock.set(late)
        let a = try await store.submitTap(Fixtures.tap(at: late)).transaction.id
        let b = try await store.submitTap(Fixtures.tap(at: late)).transaction.id
        #expect(try await store.confirm(a, operator: "c").ticket == "A001")
        clock.advance(60)
        let second = try await store.confirm(b, operator: "c")
        #expect(second.ticket == "A002")
        #expect(second.ticketDay == "2026-11-29")
        clock.advance(120)
        let c = try await store.submitTap(Fixtures.tap(at: clock.now)).transaction.id
        let next = try await store.confirm(c, operator: "c")
        #expect(next.ticket == "A001")
        #expect(next.ticketDay == "2026-11-30")
        // A001 exists on both days; the look-up picks the day asked for.
        #expect(try await store.transaction(ticket: "A001", on: late)?.id == a)
        #expect(try await store.transaction(ticket: "A001")?.id == c)
        // 15:59Z on the 30th is 23:59 in Shanghai: still the same station day, so the count goes on.
        clock.set(try #require(formatter.date(from: "2026-11-30T15:59:00Z")))
        let d = try await store.submitTap(Fixtures.tap(at: clock.now)).transaction.id
        #expect(try await store.confirm(d, operator: "c").ticket == "A002")
    }

    @Test("a configured time zone moves the reset")
    func otherTimeZone() async throws {
        let clock = TestClock()
        let utc = try #require(TimeZone(identifier: "UTC"))
        let store = try CounterStore.inMemory(options: .init(timeZone: utc, clock: { clock.now }))
        let formatter = ISO8601DateFormatter()
        clock.set(try #require(formatter.date(from: "2026-11-29T15:58:00Z")))
        let a = try await store.submitTap(Fixtures.tap(at: clock.now)).transaction.id
        #expect(try await store.confirm(a, operator: "c").ticketDay == "2026-11-29")
        clock.set(try #require(formatter.date(from: "2026-11-29T16:30:00Z")))
        let b = try await store.submitTap(Fixtures.tap(at: clock.now)).transaction.id
        #expect(try await store.confirm(b, operator: "c").ticket == "A002")
    }

    @Test("priority lanes are called first, then in order of queueing")
    func priorityOrder() async throws {
        let clock = TestClock()
        let store = try CounterStore.inMemory(options: .init(clock: { clock.now }))
        var ids: [Priority: [TransactionID]] = [:]
        for priority in [Priority.normal, .elderly, .normal, .military, .disabled] {
            clock.advance(1)
            let id = try await store.submitTap(Fixtures.tap(priority: priority, at: clock.now)).transaction.id
            _ = try await store.confirm(id, operator: "c")
            ids[priority, default: []].append(id)
        }
        // Another window's queue is not touched.
        let elsewhere = try await store.submitTap(Fixtures.tap(window: 2, priority: .military)).transaction.id
        _ = try await store.confirm(elsewhere, operator: "c")

        var order: [TransactionID] = []
        while let next = try await store.callNext(window: 1, operator: "c") { order.append(next.id) }
        let expected = [ids[.elderly]?[0], ids[.military]?[0], ids[.disabled]?[0], ids[.normal]?[0], ids[.normal]?[1]]
        #expect(order == expected.compactMap { $0 })
        #expect(try await store.transaction(elsewhere)?.state == .confirmed)
    }

    @Test("pending transactions are never called")
    func pendingNotCalled() async throws {
        let store = try CounterStore.inMemory()
        _ = try await store.submitTap(Fixtures.tap())
        #expect(try await store.callNext(window: 1, operator: "c") == nil)
    }
}
