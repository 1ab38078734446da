public import CounterStore
public import Foundation

/// Everything the waiting-hall display shows, built from the store: tickets and businesses only, never a name or
/// an ID number (not even masked). Each live update sends the whole state, so a display that reconnects is
/// correct again at once.
public struct HallState: Sendable, Hashable, Codable {
    /// A window and what it serves now.
    public struct Window: Sendable, Hashable, Codable {
        /// The window number.
        public var window: Int
        /// The ticket called to it or being served there, if any.
        public var ticket: String?
        /// `called` or `serving`, with a ticket.
        public var state: String?
        /// The business of that ticket.
        public var businessZH: String?
        /// The business of that ticket, in English.
        public var businessEN: String?
        /// Whether that ticket is in a priority lane.
        public var priority: Bool
    }

    /// A call (or recall) with its announcement.
    public struct Call: Sendable, Hashable, Codable {
        /// Increasing; a display announces each call once, in this order.
        public var seq: Int64
        /// When it was called.
        public var at: Date
        /// The ticket.
        public var ticket: String
        /// The window.
        public var window: Int
        /// Whether it is a recall.
        public var recall: Bool
        /// Whether the ticket is in a priority lane.
        public var priority: Bool
        /// The business.
        public var businessZH: String
        /// The business, in English.
        public var businessEN: String
        /// The words of the call.
        public var announcement: Announcement
        /// The paths of the spoken announcement's audio, played in order (Mandarin, then English if enabled).
        public var audio: [String]
    }

    /// The queue of one business.
    public struct Waiting: Sendable, Hashable, Codable {
        /// The business code.
        public var business: String
        /// The business.
        public var businessZH: String
        /// The business, in English.
        public var businessEN: String
        /// The ticket prefix.
        public var category: String
        /// How many wait.
        public var count: Int
        /// How many of them are in a priority lane.
        public var priorityCount: Int
        /// The estimated wait for one joining now, in whole minutes (rounded up); `nil` when there is nothing to
        /// go by yet (see ``WaitEstimate``).
        public var estimatedWaitMinutes: Int?
    }

    /// The station's name.
    public var station: String
    /// The station-local day shown.
    public var day: String
    /// The store's change token this state was built at.
    public var version: Int64
    /// The windows, in number order.
    public var windows: [Window]
    /// The last calls, oldest first.
    public var calls: [Call]
    /// The queues, by business.
    public var waiting: [Waiting]

    /// How many calls the display keeps.
    public static let callsShown = 8

    /// Builds the state from the day's transactions and calls.
    public init(
        station: String,
        day: String,
        version: Int64,
        windows configured: [Int],
        transactions: [CounterTransaction],
        calls: [CallEvent],
        template: String,
        english: Bool,
        audioPath: (Announcement) -> [String]
    ) {
        self.station = station
        self.day = day
        self.version = version
        var current: [Int: CounterTransaction] = [:]
        for transaction in transactions where transaction.state == .called || transaction.state == .serving {
            if let other = current[transaction.window],
                (other.calledAt ?? .distantPast) > (transaction.calledAt ?? .distantPast)
            {
                continue
            }
            current[transaction.window] = transaction
        }
        let numbers = Set(configured).union(current.keys).union(calls.map(\.window)).sorted()
        windows = numbers.map { number in
            let serving = current[number]
            return Window(
                window: number,
                ticket: serving?.ticket,
                state: serving?.state.rawValue,
                businessZH: serving?.businessNameZH,
                businessEN: serving?.businessNameEN,
                priority: (serving?.priority ?? .normal) != .normal
            )
        }
        self.calls = calls.suffix(Self.callsShown).map { call in
            let announcement = Announcement(
                ticket: call.ticket,
                window: call.window,
                template: template,
                english: english
            )
            return Call(
                seq: call.seq,
                at: call.at,
                ticket: call.ticket,
                window: call.window,
                recall: call.isRecall,
                priority: call.priority != .normal,
                businessZH: call.businessNameZH,
                businessEN: call.businessNameEN,
                announcement: announcement,
                audio: audioPath(announcement)
            )
        }
        let durations = WaitEstimate.serviceDurations(transactions.map(\.times))
        let overallMean = durations.isEmpty ? nil : durations.reduce(0, +) / Double(durations.count)
        let openWindows = current.count
        var byBusiness: [String: [CounterTransaction]] = [:]
        for transaction in transactions { byBusiness[transaction.businessCode, default: []].append(transaction) }
        waiting = byBusiness.keys.sorted().compactMap { code in
            let all = byBusiness[code] ?? []
            let queued = all.filter { $0.state.isQueued }
            guard let first = all.first, !queued.isEmpty else { return nil }
            let own = WaitEstimate.serviceDurations(all.map(\.times))
            let mean = own.isEmpty ? overallMean : own.reduce(0, +) / Double(own.count)
            let seconds = WaitEstimate.seconds(
                waiting: queued.count,
                meanServiceSeconds: mean,
                openWindows: openWindows
            )
            return Waiting(
                business: code,
                businessZH: first.businessNameZH,
                businessEN: first.businessNameEN,
                category: first.ticketCategory,
                count: queued.count,
                priorityCount: queued.filter { $0.priority != .normal }.count,
                estimatedWaitMinutes: seconds.map { Int(($0 / 60).rounded(.up)) }
            )
        }
    }
}

extension CounterTransaction {
    /// The times the estimates and statistics read.
    var times: CounterTransactionTimes {
        CounterTransactionTimes(
            createdAt: createdAt,
            queuedAt: queuedAt,
            calledAt: calledAt,
            serviceStartedAt: serviceStartedAt,
            finishedAt: finishedAt,
            completed: state == .completed
        )
    }
}
