import CounterStore
import Foundation
import GRDB
import Testing

/// Every action against every state: legal ones succeed and land where they should, illegal ones
/// throw `illegalTransition` with the right from/to and change nothing.
@Suite("State machine")
struct StateMachineTests {
    enum Action: String, CaseIterable, Sendable {
        case confirm, reject, call, recall, start, complete, noShow, transfer, suspend, resume, cancel
    }

    /// The specification, written out independently of the implementation: the states each action
    /// may start from and the state it leads to.
    static let spec: [Action: (from: Set<TransactionState>, to: TransactionState)] = [
        .confirm: ([.pending], .confirmed),
        .reject: ([.pending], .rejected),
        .call: ([.confirmed, .transferred], .called),
        .recall: ([.called], .called),
        .start: ([.called], .serving),
        .complete: ([.serving], .completed),
        .noShow: ([.called], .noShow),
        .transfer: ([.confirmed, .transferred, .called, .serving], .transferred),
        .suspend: ([.confirmed, .transferred, .called, .serving], .suspended),
        .resume: ([.suspended], .serving),  // the fixture suspends from serving
        .cancel: ([.pending, .confirmed, .transferred, .called, .serving, .suspended], .cancelled),
    ]

    /// Brings a new transaction into `state` through legal actions.
    static func make(_ state: TransactionState, in store: CounterStore) async throws -> TransactionID {
        let id = try await store.submitTap(Fixtures.tap()).transaction.id
        let op = "clerk01"
        switch state {
        case .pending: break
        case .rejected: _ = try await store.reject(id, reason: "材料不全", operator: op)
        case .cancelled: _ = try await store.cancel(id, operator: op)
        default:
            _ = try await store.confirm(id, operator: op)
            switch state {
            case .confirmed: break
            case .transferred: _ = try await store.transfer(id, toWindow: 2, operator: op)
            default:
                _ = try #require(try await store.callNext(window: 1, operator: op))
                switch state {
                case .called: break
                case .noShow: _ = try await store.markNoShow(id, operator: op)
                default:
                    _ = try await store.startService(id, operator: op)
                    switch state {
                    case .completed: _ = try await store.complete(id, operator: op)
                    case .suspended: _ = try await store.suspend(id, reason: "缺户口簿", operator: op)
                    default: break
                    }
                }
            }
        }
        let reached = try #require(try await store.transaction(id))
        #expect(reached.state == state)
        return id
    }

    static func perform(_ action: Action, _ id: TransactionID, window: Int, in store: CounterStore) async throws
        -> CounterTransaction?
    {
        let op = "clerk02"
        switch action {
        case .confirm: return try await store.confirm(id, operator: op)
        case .reject: return try await store.reject(id, reason: "不符合条件", operator: op)
        case .call: return try await store.callNext(window: window, operator: op)
        case .recall: return try await store.recall(id, operator: op)
        case .start: return try await store.startService(id, operator: op)
        case .complete: return try await store.complete(id, operator: op)
        case .noShow: return try await store.markNoShow(id, operator: op)
        case .transfer: return try await store.transfer(id, toWindow: 7, operator: op)
        case .suspend: return try await store.suspend(id, reason: "缺材料", operator: op)
        case .resume: return try await store.resume(id, operator: op)
        case .cancel: return try await store.cancel(id, operator: op)
        }
    }

    static let cases: [(Action, TransactionState)] = Action.allCases.flatMap { action in
        TransactionState.allCases.map { (action, $0) }
    }

    @Test("every action from every state", arguments: cases)
    func transition(action: Action, from state: TransactionState) async throws {
        let store = try CounterStore.inMemory()
        let id = try await Self.make(state, in: store)
        let before = try #require(try await store.transaction(id))
        let token = try await store.changeToken()
        let spec = try #require(Self.spec[action])

        if action == .call {
            // callNext has no id: a non-queued transaction is simply not picked.
            let called = try await Self.perform(action, id, window: before.window, in: store)
            if spec.from.contains(state) {
                #expect(called?.id == id)
                #expect(called?.state == .called)
            } else {
                #expect(called == nil)
                #expect(try await store.transaction(id) == before)
            }
            return
        }

        if spec.from.contains(state) {
            let after = try #require(try await Self.perform(action, id, window: before.window, in: store))
            #expect(after.state == spec.to)
            #expect(try await store.transaction(id) == after)
            #expect(try await store.changeToken() == token + 1)
        } else {
            let error = await #expect(throws: CounterStoreError.self) {
                _ = try await Self.perform(action, id, window: before.window, in: store)
            }
            #expect(error?.code == .illegalTransition)
            #expect(error?.from == state)
            if action == .resume {
                // The target of a resume depends on where the suspension started; either is reported.
                #expect(error?.to == .serving || error?.to == .confirmed)
            } else {
                #expect(error?.to == spec.to)
            }
            #expect(error?.transactionID == id)
            #expect(try await store.transaction(id) == before)
            #expect(try await store.changeToken() == token)
        }
    }

    @Test("the public transition table matches the specification")
    func publicTable() {
        var expected: [TransactionState: Set<TransactionState>] = [:]
        for state in TransactionState.allCases { expected[state] = [] }
        for (_, entry) in Self.spec {
            for state in entry.from { expected[state, default: []].insert(entry.to) }
        }
        expected[.suspended, default: []].insert(.confirmed)  // resume to the queue
        #expect(TransactionState.legalTransitions == expected)
        for state in TransactionState.allCases where state.isFinal {
            #expect(TransactionState.legalTransitions[state]?.isEmpty == true)
        }
    }

    @Test("resume returns to the queue at its original place when suspended before service")
    func resumeToQueue() async throws {
        let store = try CounterStore.inMemory()
        let first = try await store.submitTap(Fixtures.tap()).transaction.id
        let second = try await store.submitTap(Fixtures.tap()).transaction.id
        _ = try await store.confirm(first, operator: "c")
        _ = try await store.confirm(second, operator: "c")
        let suspended = try await store.suspend(first, reason: "缺照片", operator: "c")
        #expect(suspended.suspendReason == "缺照片")
        #expect(try await store.queue(window: 1).map(\.id) == [second])
        let resumed = try await store.resume(first, operator: "c")
        #expect(resumed.state == .confirmed)
        #expect(try await store.queue(window: 1).map(\.id) == [first, second])
        #expect(try await store.callNext(window: 1, operator: "c")?.id == first)
    }

    @Test("transfer queues the transaction at the new window with its ticket")
    func transferQueuesAtNewWindow() async throws {
        let store = try CounterStore.inMemory()
        let id = try await store.submitTap(Fixtures.tap(window: 1)).transaction.id
        let ticket = try await store.confirm(id, operator: "c").ticket
        _ = try await store.callNext(window: 1, operator: "c")
        let moved = try await store.transfer(id, toWindow: 3, operator: "c")
        #expect(moved.state == .transferred)
        #expect(moved.window == 3)
        #expect(moved.transferredFromWindow == 1)
        #expect(moved.ticket == ticket)
        #expect(try await store.callNext(window: 1, operator: "c") == nil)
        let called = try #require(try await store.callNext(window: 3, operator: "d"))
        #expect(called.id == id)
        #expect(called.ticket == ticket)
        await #expect(throws: CounterStoreError.self) {
            _ = try await store.transfer(id, toWindow: 3, operator: "d")
        }
    }

    @Test("recall counts re-announcements")
    func recallCounts() async throws {
        let store = try CounterStore.inMemory()
        let id = try await store.submitTap(Fixtures.tap()).transaction.id
        _ = try await store.confirm(id, operator: "c")
        _ = try await store.callNext(window: 1, operator: "c")
        _ = try await store.recall(id, operator: "c")
        #expect(try await store.recall(id, operator: "c").recallCount == 2)
    }

    @Test("unknown ids and bad arguments are refused without changes")
    func refusals() async throws {
        let store = try CounterStore.inMemory()
        let id = try await store.submitTap(Fixtures.tap()).transaction.id
        let token = try await store.changeToken()
        let missing = await #expect(throws: CounterStoreError.self) {
            _ = try await store.confirm(9999, operator: "c")
        }
        #expect(missing?.code == .notFound)
        let emptyReason = await #expect(throws: CounterStoreError.self) {
            _ = try await store.reject(id, reason: "", operator: "c")
        }
        #expect(emptyReason?.code == .invalidInput)
        let badOperator = await #expect(throws: CounterStoreError.self) {
            _ = try await store.confirm(id, operator: "")
        }
        #expect(badOperator?.code == .invalidInput)
        let badWindow = await #expect(throws: CounterStoreError.self) {
            _ = try await store.callNext(window: 0, operator: "c")
        }
        #expect(badWindow?.code == .invalidInput)
        #expect(try await store.changeToken() == token)
        #expect(try await store.transaction(id)?.state == .pending)
    }

    @Test("transaction ids parse from what a clerk types")
    func idParsing() {
        #expect(TransactionID("42") == 42)
        #expect(TransactionID(" #7") == 7)
        #expect(TransactionID("0") == nil)
        #expect(TransactionID("-3") == nil)
        #expect(TransactionID("4x") == nil)
        #expect(TransactionID("") == nil)
        #expect(TransactionID("99999999999999999999") == nil)
    }
}

/// The queue is the set of states `call` starts from, in every place that knows it.
@Suite("Queued states")
struct QueuedStateTests {
    @Test("isQueued, the queue query and the queue index agree with the call transition")
    func oneSourceOfTruth() async throws {
        let callable = StateMachineTests.spec[.call]?.from ?? []
        #expect(Set(TransactionState.allCases.filter(\.isQueued)) == callable)

        // A transaction in each state (each in a store of its own, so calls cannot pick another one): it is in its
        // window's queue exactly when the state is callable.
        for state in TransactionState.allCases {
            let store = try CounterStore.inMemory()
            let id = try await StateMachineTests.make(state, in: store)
            let window = try #require(try await store.transaction(id)).window
            let queued = try await store.queue(window: window).map(\.id)
            #expect(queued.contains(id) == callable.contains(state), "\(state)")
        }
    }

    @Test("the queue index of the schema covers the callable states")
    func indexMatches() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { dir.cleanup() }
        let path = dir.path + "/counter.sqlite"
        _ = try CounterStore(path: path)
        let sql = try await DatabaseQueue(path: path).read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'transactions_queue'")
        }
        let condition = try #require(sql?.split(separator: "WHERE").last)
        let named = Set(
            TransactionState.allCases.filter { condition.contains("'\($0.rawValue)'") }
        )
        // A state added to the call transition needs a migration that rebuilds this index.
        #expect(named == StateMachineTests.spec[.call]?.from)
    }
}
