public import CounterStaff
public import CounterStore
public import Foundation
public import HukouIntent

/// The clerk's side of one window: runs parsed commands against the store and answers with lines to print.
///
/// It remembers the window's current ticket (the one called or being served), so `recall`, `start`,
/// `complete`, `noshow`, `transfer` and `suspend` need no argument. Every store call names the operator, so
/// every action lands in the audit log with who did it. The terminal loop around it stays thin.
public actor CounterSession {
    /// What a command produced.
    public struct Reply: Sendable, Hashable {
        /// Lines to print.
        public var lines: [String]
        /// Whether the clerk asked to leave.
        public var quit: Bool = false
    }

    /// The store shared with the daemon.
    public let store: CounterStore
    /// The window served.
    public let window: Int
    /// Who is at the terminal: a member of the roster, or a trainee.
    public let counterOperator: CounterOperator
    /// How every audit row names them (``CounterOperator/auditName``).
    public let operatorName: String
    /// Renders everything shown.
    public let renderer: CounterRenderer
    /// Labels, field order and English material names for the application view.
    public let catalog: BusinessCatalog
    /// Where `导出` writes hand-off records (`counter.handoff_directory`); `nil`: not configured.
    public let handoffDirectory: String?
    private let clock: @Sendable () -> Date
    private let parser = CounterCommandParser()
    private var currentID: TransactionID?
    /// The transaction whose `complete` was answered with "materials unticked, again to confirm".
    private var completionAsked: TransactionID?

    /// Creates a session; call ``open()`` before the first command.
    public init(
        store: CounterStore,
        window: Int,
        operator who: CounterOperator,
        language: TerminalLanguage,
        catalog: BusinessCatalog = .default,
        handoffDirectory: String? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.handoffDirectory = handoffDirectory
        self.store = store
        self.window = window
        self.counterOperator = who
        self.operatorName = who.auditName
        var renderer = CounterRenderer(language: language, window: window)
        renderer.training = who.isTraining
        self.renderer = renderer
        self.catalog = catalog
        self.clock = clock
    }

    /// Finds the ticket this window was serving (after a restart of the terminal) and returns the greeting:
    /// banner plus the pending requests.
    ///
    /// - Throws: ``StaffError`` `.notAllowed` (after writing a `refused` audit row) when the operator may not open
    ///   this window's prompt; store errors.
    public func open() async throws -> [String] {
        let decision = counterOperator.decide(.openPrompt, window: window)
        guard decision.allowed else {
            try await refuse(.openPrompt, transaction: nil, window: window, decision)
            throw StaffError(.notAllowed, zh: decision.zh, en: decision.en)
        }
        let open = try await store.transactions(window: window, states: [.called, .serving])
        currentID = open.max { ($0.calledAt ?? $0.updatedAt) < ($1.calledAt ?? $1.updatedAt) }?.id
        let pending = try await store.transactions(window: window, states: [.pending])
        let queued = try await store.queue(window: window)
        var lines = renderer.banner(operator: counterOperator, pending: pending.count, queued: queued.count)
        for transaction in pending { lines += renderer.newTap(transaction) }
        return lines
    }

    /// The prompt to show now.
    public func prompt() async -> String {
        let current: CounterTransaction? =
            if let currentID { try? await store.transaction(currentID) } else { nil }
        return renderer.prompt(current: current.flatMap { [.called, .serving].contains($0.state) ? $0 : nil })
    }

    /// Parses and runs one line.
    public func handle(line: String) async -> Reply {
        do {
            return await execute(try parser.parse(line))
        } catch {
            return Reply(lines: [renderer.error(error)])
        }
    }

    /// Runs one command. Store refusals (an illegal transition, an unknown ID) become bilingual error lines.
    public func execute(_ command: CounterCommand) async -> Reply {
        // "Again to confirm" holds for the very next command only.
        if command != .complete { completionAsked = nil }
        do {
            return try await run(command)
        } catch let error as CounterStoreError {
            return Reply(lines: [describe(error)])
        } catch {
            return Reply(lines: [renderer.error(zh: "操作失败：\(error)", en: "failed: \(error)")])
        }
    }

    private func run(_ command: CounterCommand) async throws -> Reply {
        if let refusal = try await authorize(command) { return Reply(lines: [refusal]) }
        switch command {
        case .empty:
            return Reply(lines: [])
        case .help:
            return Reply(lines: renderer.help())
        case .quit:
            return Reply(lines: [], quit: true)
        case .list:
            let open = try await store.transactions(
                window: window,
                states: [.pending, .confirmed, .transferred, .called, .serving, .suspended]
            )
            let pending = open.filter { $0.state == .pending }
            let queue = try await store.queue(window: window)
            let others = open.filter { ![.pending, .confirmed, .transferred].contains($0.state) }
            return Reply(
                lines: renderer.list(pending + queue + others, receipts: try await receipts(pending + queue + others))
            )
        case .find(let ticket):
            guard let found = try await store.transaction(ticket: ticket) else {
                return Reply(lines: [renderer.notFound(ticket)])
            }
            return Reply(lines: [renderer.row(found, receipt: try await store.receiptDelivery(of: found.id))])
        case .confirm(let id):
            guard let target = try await pendingTarget(id) else { return Reply(lines: [renderer.nothingPending]) }
            let done = try await store.confirm(target, operator: operatorName)
            return Reply(lines: [renderer.result(command, done)])
        case .reject(let id, let reason):
            guard let target = try await pendingTarget(id) else { return Reply(lines: [renderer.nothingPending]) }
            let done = try await store.reject(target, reason: reason, operator: operatorName)
            return Reply(lines: [renderer.result(command, done)])
        case .next:
            guard let called = try await store.callNext(window: window, operator: operatorName) else {
                return Reply(lines: [renderer.queueEmpty])
            }
            currentID = called.id
            return Reply(lines: [renderer.result(command, called)])
        case .recall:
            guard let id = currentID else { return Reply(lines: [renderer.noCurrent]) }
            return Reply(lines: [renderer.result(command, try await store.recall(id, operator: operatorName))])
        case .start:
            guard let id = currentID else { return Reply(lines: [renderer.noCurrent]) }
            let started = try await store.startService(id, operator: operatorName)
            return Reply(lines: [renderer.result(command, started)] + (try await applicationView(started)))
        case .details:
            guard let id = currentID, let current = try await store.transaction(id), current.state == .serving else {
                return Reply(lines: [renderer.notServing])
            }
            return Reply(lines: try await applicationView(current))
        case .check(let numbers):
            guard let id = currentID, let current = try await store.transaction(id), current.state == .serving else {
                return Reply(lines: [renderer.notServing])
            }
            let checked = try await store.checkMaterials(id, numbers: numbers, atWindow: window, operator: operatorName)
            return Reply(
                lines: renderer.checklist(current, business: catalog.entry(for: current.businessCode), checked: checked)
            )
        case .export(let raw):
            guard let id = raw.map({ TransactionID($0) }) ?? currentID else {
                return Reply(lines: [renderer.noCurrent])
            }
            guard let directory = handoffDirectory else {
                return Reply(lines: [
                    renderer.error(
                        zh: "未配置交接目录（counter.handoff_directory）",
                        en: "no hand-off folder configured (counter.handoff_directory)"
                    )
                ])
            }
            let now = clock()
            let (transaction, applicant) = try await store.exportApplicant(
                id,
                operator: operatorName,
                details: "format=json to=\(directory)"
            )
            let record = HandoffRecord(
                transaction,
                applicant: applicant,
                business: catalog.entry(for: transaction.businessCode),
                checked: try await store.checkedMaterials(of: id),
                exportedAt: now,
                exportedBy: operatorName
            )
            let path = try HandoffFile.write(try record.json(), name: HandoffFile.name(for: record), in: directory)
            return Reply(lines: [renderer.exported(path)])
        case .complete:
            guard let id = currentID else { return Reply(lines: [renderer.noCurrent]) }
            if completionAsked != id, let current = try await store.transaction(id), current.state == .serving {
                let checked = try await store.checkedMaterials(of: id)
                let unchecked = current.materials.indices.map { $0 + 1 }.filter { !checked.contains($0) }
                if !unchecked.isEmpty {
                    completionAsked = id
                    return Reply(lines: renderer.uncheckedMaterials(unchecked))
                }
            }
            completionAsked = nil
            let done = try await store.complete(id, operator: operatorName)
            currentID = nil
            return Reply(lines: [renderer.result(command, done)])
        case .noShow:
            guard let id = currentID else { return Reply(lines: [renderer.noCurrent]) }
            let done = try await store.markNoShow(id, operator: operatorName)
            currentID = nil
            return Reply(lines: [renderer.result(command, done)])
        case .transfer(let target):
            guard let id = currentID else { return Reply(lines: [renderer.noCurrent]) }
            guard target != window else {
                return Reply(lines: [renderer.error(zh: "不能转到本窗口", en: "cannot transfer to this same window")])
            }
            let done = try await store.transfer(id, toWindow: target, operator: operatorName)
            currentID = nil
            return Reply(lines: [renderer.result(command, done)])
        case .suspend(let reason):
            guard let id = currentID else { return Reply(lines: [renderer.noCurrent]) }
            let done = try await store.suspend(
                id,
                reason: reason ?? renderer.language.pick("缺少材料", "missing material"),
                operator: operatorName
            )
            currentID = nil
            return Reply(lines: [renderer.result(command, done)])
        case .resume(let raw):
            let id = TransactionID(raw)
            guard let existing = try await store.transaction(id), existing.window == window else {
                return Reply(lines: [renderer.notFound("#\(raw)")])
            }
            let done = try await store.resume(id, operator: operatorName)
            if [.called, .serving].contains(done.state) { currentID = done.id }
            return Reply(lines: [renderer.result(command, done)])
        }
    }

    /// Reveals (audited) the applicant data of the transaction served here and renders the whole application.
    private func applicationView(_ transaction: CounterTransaction) async throws -> [String] {
        let applicant = try await store.revealApplicant(transaction.id, atWindow: window, operator: operatorName)
        let checked = try await store.checkedMaterials(of: transaction.id)
        return renderer.application(
            transaction,
            applicant: applicant,
            business: catalog.entry(for: transaction.businessCode),
            checked: checked,
            now: clock()
        )
    }

    // MARK: - Access

    /// Asks ``StaffAccess`` (through the operator) whether the command may run; a refusal is written to the audit
    /// log and returned as the line to show. The window decided on is the target transaction's, so a clerk cannot
    /// reach another window's work by its number.
    private func authorize(_ command: CounterCommand) async throws -> String? {
        let action: StaffAction
        var target: CounterTransaction?
        switch command {
        case .empty, .help, .quit: return nil
        case .confirm(let id), .reject(let id, _):
            action = command == .confirm(id) ? .confirm : .reject
            if let pending = try await pendingTarget(id) { target = try await store.transaction(pending) }
        case .next, .recall: action = .call
        case .start: action = .start
        case .details, .check: action = .viewApplication
        case .complete: action = .complete
        case .noShow: action = .noShow
        case .transfer: action = .transferOut
        case .suspend: action = .suspend
        case .resume(let raw):
            action = .suspend
            target = try await store.transaction(TransactionID(raw))
        case .list, .find: action = .list
        case .export(let raw):
            action = .export
            if let raw { target = try await store.transaction(TransactionID(raw)) }
        }
        if target == nil, let currentID, command.actsOnCurrent { target = try await store.transaction(currentID) }
        let targetWindow = target?.window ?? window
        let decision = counterOperator.decide(action, window: targetWindow)
        guard !decision.allowed else { return nil }
        try await refuse(action, transaction: target?.id, window: targetWindow, decision)
        return renderer.error(zh: decision.zh, en: decision.en)
    }

    /// Writes the `refused` audit row.
    private func refuse(
        _ action: StaffAction,
        transaction: TransactionID?,
        window: Int,
        _ decision: StaffAccess.Decision
    ) async throws {
        try await store.recordRefusal(
            action: action.rawValue,
            transaction: transaction,
            reason: "window=\(window) role=\(counterOperator.member?.role.rawValue ?? "trainee")",
            operator: operatorName
        )
    }

    /// The pending transaction a confirm/reject without an ID means: the oldest pending at this window.
    /// The receipt deliveries of the transactions whose phones asked for one.
    private func receipts(_ transactions: [CounterTransaction]) async throws -> [TransactionID: ReceiptDelivery] {
        var deliveries: [TransactionID: ReceiptDelivery] = [:]
        for transaction in transactions {
            deliveries[transaction.id] = try await store.receiptDelivery(of: transaction.id)
        }
        return deliveries
    }

    private func pendingTarget(_ raw: Int64?) async throws -> TransactionID? {
        if let raw { return TransactionID(raw) }
        return try await store.transactions(window: window, states: [.pending]).first?.id
    }

    private func describe(_ error: CounterStoreError) -> String {
        let id = error.transactionID.map { "#\($0)" } ?? ""
        switch error.code {
        case .notFound:
            return renderer.notFound(id.isEmpty ? "?" : id)
        case .illegalTransition:
            let state = error.from ?? .pending
            let zh = CounterRenderer(language: .zh, window: window).stateName(state)
            let en = CounterRenderer(language: .en, window: window).stateName(state)
            return renderer.error(zh: "\(id) 当前为“\(zh)”，不能执行此操作", en: "\(id) is \(en); that action is not allowed now")
        case .notServedHere:
            return renderer.notServing
        case .invalidInput:
            return renderer.error(zh: "输入无效：\(error.message)", en: "invalid input: \(error.message)")
        default:
            return renderer.error(zh: "存储错误：\(error.message)", en: "store error: \(error.message)")
        }
    }
}
