public import CounterStaff
public import CounterStore
public import Foundation

/// What the citizen-facing screen at one window shows (窗口屏 + 评价器): the ticket being served with its
/// materials checklist (一次性告知), or, after 办结, the 好差评 pad for that transaction; the clerk who serves it by
/// display name and staff number (警号), from the staff roster. Tickets, businesses, materials and staff only —
/// nothing about the citizen.
public struct WindowScreen: Sendable, Hashable, Codable {
    /// The clerk serving at the window, as the staff roster names them.
    public struct Clerk: Sendable, Hashable, Codable {
        /// The display name.
        public var name: String
        /// The staff number 警号.
        public var number: String

        /// The clerk an audit row's operator names, if it is a member of `roster` (see
        /// ``StaffRoster/member(auditName:)``); `nil` for anyone else, so the screen shows nobody rather than a guess.
        public init?(operator: String, roster: StaffRoster) {
            guard let member = roster.member(auditName: `operator`) else { return nil }
            name = member.name
            number = member.number
        }
    }

    /// The transaction being served or called.
    public struct Serving: Sendable, Hashable, Codable {
        /// The ticket.
        public var ticket: String?
        /// `called` or `serving`.
        public var state: String
        /// The business.
        public var businessZH: String
        /// The business, in English.
        public var businessEN: String
        /// The materials to bring (from the catalog, as stored with the tap).
        public var materials: [String]
    }

    /// The transaction the pad may evaluate now.
    public struct Evaluable: Sendable, Hashable, Codable {
        /// Its number, sent back with the evaluation.
        public var transactionID: TransactionID
        /// The ticket.
        public var ticket: String?
        /// The business.
        public var businessZH: String
        /// The business, in English.
        public var businessEN: String
        /// Until when an evaluation is accepted.
        public var deadline: Date
    }

    /// A level the pad offers.
    public struct Level: Sendable, Hashable, Codable {
        /// The stored value.
        public var level: String
        /// Its name.
        public var zh: String
        /// Whether it needs a reason.
        public var bad: Bool
    }

    /// A reason the pad offers for a bad level.
    public struct Reason: Sendable, Hashable, Codable {
        /// The stored value.
        public var reason: String
        /// Its name.
        public var zh: String
        /// Its name, in English.
        public var en: String
    }

    /// The window number.
    public var window: Int
    /// The station's name.
    public var station: String
    /// What is served now, if anything.
    public var serving: Serving?
    /// What the pad may evaluate now, if anything (only when nothing newer is served).
    public var evaluable: Evaluable?
    /// Who serves (or served) the transaction shown, when the roster knows them.
    public var clerk: Clerk?
    /// The five levels, best first.
    public var levels: [Level]
    /// The reasons for a bad level.
    public var reasons: [Reason]
    /// The longest comment accepted.
    public var maximumCommentLength: Int

    /// The screen of `window` from the day's transactions and the evaluations of those just completed.
    public init(
        window: Int,
        station: String,
        transactions: [CounterTransaction],
        evaluated: Set<TransactionID>,
        now: Date
    ) {
        self.window = window
        self.station = station
        let here = transactions.filter { $0.window == window }
        let current = Self.current(at: window, in: transactions)
        serving = current.map {
            Serving(
                ticket: $0.ticket,
                state: $0.state.rawValue,
                businessZH: $0.businessNameZH,
                businessEN: $0.businessNameEN,
                materials: $0.materials
            )
        }
        let last = here.filter { $0.state == .completed && $0.finishedAt != nil }
            .max { ($0.finishedAt ?? .distantPast) < ($1.finishedAt ?? .distantPast) }
        if current == nil, let last, let finished = last.finishedAt, !evaluated.contains(last.id),
            now.timeIntervalSince(finished) <= Evaluation.acceptanceWindow
        {
            evaluable = Evaluable(
                transactionID: last.id,
                ticket: last.ticket,
                businessZH: last.businessNameZH,
                businessEN: last.businessNameEN,
                deadline: finished.addingTimeInterval(Evaluation.acceptanceWindow)
            )
        } else {
            evaluable = nil
        }
        levels = EvaluationLevel.allCases.map { Level(level: $0.rawValue, zh: $0.nameZH, bad: $0.isBad) }
        reasons = EvaluationReason.allCases.map { Reason(reason: $0.rawValue, zh: $0.nameZH, en: $0.nameEN) }
        maximumCommentLength = Evaluation.maximumCommentLength
        clerk = nil
    }

    /// The transaction called or being served at `window` (the latest called), if any.
    static func current(at window: Int, in transactions: [CounterTransaction]) -> CounterTransaction? {
        transactions.filter { $0.window == window && ($0.state == .called || $0.state == .serving) }
            .max { ($0.calledAt ?? .distantPast) < ($1.calledAt ?? .distantPast) }
    }

    /// The screen of `window`, read from `store`, with the clerk named as `staff` knows them.
    public static func load(
        from store: CounterStore,
        window: Int,
        station: String,
        staff: StaffRoster,
        now: Date
    ) async throws -> WindowScreen {
        let transactions = try await store.transactions(onDay: store.stationDay(of: now))
        var evaluated: Set<TransactionID> = []
        for evaluation in try await store.evaluations(onDay: store.stationDay(of: now)) {
            evaluated.insert(evaluation.transactionID)
        }
        var screen = WindowScreen(
            window: window,
            station: station,
            transactions: transactions,
            evaluated: evaluated,
            now: now
        )
        if let shown = current(at: window, in: transactions)?.id ?? screen.evaluable?.transactionID,
            let who = try await store.servingOperator(of: shown)
        {
            screen.clerk = Clerk(operator: who, roster: staff)
        }
        return screen
    }
}
