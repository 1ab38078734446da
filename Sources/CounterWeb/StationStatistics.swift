public import CounterStore
public import Foundation

/// The station's figures for one day (数字大屏, `/api/v1/stats`, `hukou stats`): counts per business, the queue
/// now, wait and service times, per-window throughput, an hourly series. Built from the day's transactions only;
/// no personal data.
public struct StationStatistics: Sendable, Hashable, Codable {
    /// The version of this JSON shape; a change that removes or renames a field raises it.
    public static let schemaVersion = 1

    /// Mean and 90th percentile (nearest rank) of durations in seconds; `nil` with no samples.
    public struct Durations: Sendable, Hashable, Codable {
        /// How many samples.
        public var count: Int
        /// The mean, in seconds.
        public var meanSeconds: Double?
        /// The 90th percentile (nearest rank), in seconds.
        public var p90Seconds: Double?

        /// The summary of `samples`.
        public init(_ samples: [Double]) {
            count = samples.count
            guard !samples.isEmpty else { return }
            let sorted = samples.sorted()
            meanSeconds = sorted.reduce(0, +) / Double(sorted.count)
            let rank = Int((0.9 * Double(sorted.count)).rounded(.up))
            p90Seconds = sorted[max(0, min(sorted.count - 1, rank - 1))]
        }
    }

    /// The counts and times of one business (or of all together).
    public struct Business: Sendable, Hashable, Codable {
        /// The business code (`*` for the total).
        public var business: String
        /// The business name.
        public var businessZH: String
        /// The business name, in English.
        public var businessEN: String
        /// Taps received (each transaction once).
        public var taps: Int
        /// Confirmed by a clerk (a ticket issued).
        public var confirmed: Int
        /// Completed (办结).
        public var completed: Int
        /// Rejected by a clerk.
        public var rejected: Int
        /// Called but not come (过号).
        public var noShows: Int
        /// Waiting in a queue now.
        public var waitingNow: Int
        /// From confirmation to the (last) call.
        public var wait: Durations
        /// From service start to completion.
        public var service: Durations
    }

    /// One window's day.
    public struct Window: Sendable, Hashable, Codable {
        /// The window number.
        public var window: Int
        /// Tickets called there.
        public var called: Int
        /// Transactions completed there.
        public var completed: Int
        /// Completed per hour of service (first call to last completion); `nil` before two completions.
        public var completedPerHour: Double?
    }

    /// One hour of the day (station-local).
    public struct Hour: Sendable, Hashable, Codable {
        /// 0–23.
        public var hour: Int
        /// Taps received in that hour.
        public var taps: Int
        /// Transactions completed in that hour.
        public var completed: Int
    }

    /// The JSON shape's version.
    public var schemaVersion: Int
    /// The station-local day.
    public var day: String
    /// All businesses together.
    public var total: Business
    /// Per business, by code.
    public var businesses: [Business]
    /// Per window, by number.
    public var windows: [Window]
    /// The 24 hours.
    public var hours: [Hour]
    /// The evaluations of the day (filled by the caller when evaluations are kept).
    public var satisfaction: Satisfaction

    /// The figures of `transactions` (those tapped on `day`), with hours in `calendar`'s time zone.
    public init(
        day: String,
        transactions: [CounterTransaction],
        calendar: Calendar,
        satisfaction: Satisfaction = Satisfaction(counts: [:], openBad: 0)
    ) {
        schemaVersion = Self.schemaVersion
        self.day = day
        self.satisfaction = satisfaction
        total = Self.business("*", "合计", "Total", transactions)
        var byCode: [String: [CounterTransaction]] = [:]
        for transaction in transactions { byCode[transaction.businessCode, default: []].append(transaction) }
        businesses = byCode.keys.sorted().compactMap { code in
            guard let all = byCode[code], let first = all.first else { return nil }
            return Self.business(code, first.businessNameZH, first.businessNameEN, all)
        }
        var byWindow: [Int: [CounterTransaction]] = [:]
        for transaction in transactions where transaction.calledAt != nil {
            byWindow[transaction.window, default: []].append(transaction)
        }
        windows = byWindow.keys.sorted().map { number in
            let all = byWindow[number] ?? []
            let done = all.filter { $0.state == .completed }
            var perHour: Double?
            if done.count >= 2, let start = all.compactMap(\.calledAt).min(),
                let end = done.compactMap(\.finishedAt).max(), end > start
            {
                perHour = Double(done.count) / (end.timeIntervalSince(start) / 3600)
            }
            return Window(window: number, called: all.count, completed: done.count, completedPerHour: perHour)
        }
        var taps = [Int](repeating: 0, count: 24)
        var completed = [Int](repeating: 0, count: 24)
        for transaction in transactions {
            taps[calendar.component(.hour, from: transaction.createdAt)] += 1
            if transaction.state == .completed, let finished = transaction.finishedAt {
                completed[calendar.component(.hour, from: finished)] += 1
            }
        }
        hours = (0..<24).map { Hour(hour: $0, taps: taps[$0], completed: completed[$0]) }
    }

    /// The figures of the station-local day `day` (`yyyy-MM-dd`) read from `store`.
    public static func load(from store: CounterStore, day: String) async throws -> StationStatistics {
        var counts: [String: Int] = [:]
        for evaluation in try await store.evaluations(onDay: day) { counts[evaluation.level.rawValue, default: 0] += 1 }
        return StationStatistics(
            day: day,
            transactions: try await store.transactions(onDay: day),
            calendar: store.dayCalendar,
            satisfaction: Satisfaction(counts: counts, openBad: try await store.evaluations(openOnly: true).count)
        )
    }

    private static func business(_ code: String, _ zh: String, _ en: String, _ all: [CounterTransaction]) -> Business {
        Business(
            business: code,
            businessZH: zh,
            businessEN: en,
            taps: all.count,
            confirmed: all.filter { $0.confirmedAt != nil }.count,
            completed: all.filter { $0.state == .completed }.count,
            rejected: all.filter { $0.state == .rejected }.count,
            noShows: all.filter { $0.state == .noShow }.count,
            waitingNow: all.filter { $0.state.isQueued }.count,
            wait: Durations(
                all.compactMap { transaction in
                    guard let confirmed = transaction.confirmedAt, let called = transaction.calledAt,
                        called >= confirmed
                    else { return nil }
                    return called.timeIntervalSince(confirmed)
                }
            ),
            service: Durations(WaitEstimate.serviceDurations(all.map(\.times)))
        )
    }
}

/// The day's 好差评 evaluations: the count per level, the satisfaction rate and the bad ones still open.
public struct Satisfaction: Sendable, Hashable, Codable {
    /// The count per level (`very_satisfied`, `satisfied`, `basically_satisfied`, `dissatisfied`,
    /// `very_dissatisfied`).
    public var counts: [String: Int]
    /// 满意率 = (非常满意 + 满意 + 基本满意) / all; `nil` with no evaluation.
    public var rate: Double?
    /// Bad evaluations (不满意, 非常不满意) without a recorded rectification.
    public var openBad: Int

    /// The summary of `counts`.
    public init(counts: [String: Int], openBad: Int) {
        self.counts = counts
        self.openBad = openBad
        let all = counts.values.reduce(0, +)
        let good = ["very_satisfied", "satisfied", "basically_satisfied"].reduce(0) { $0 + (counts[$1] ?? 0) }
        rate = all == 0 ? nil : Double(good) / Double(all)
    }
}

extension StationStatistics {
    /// The encoder of the JSON form (`/api/v1/stats`, `hukou stats --json`).
    public static var jsonEncoder: JSONEncoder { WebJSON.encoder }

    /// A plain-text table of the figures, for the command line.
    public var table: String {
        func seconds(_ value: Double?) -> String { value.map { String(format: "%.0f s", $0) } ?? "-" }
        var lines = ["\(day)  taps confirmed completed rejected no-show waiting  wait mean/p90  service mean/p90"]
        for row in businesses + [total] {
            let counts = [row.taps, row.confirmed, row.completed, row.rejected, row.noShows, row.waitingNow]
                .map { String($0) }.joined(separator: " ")
            lines.append(
                "\(row.business) (\(row.businessEN)): \(counts)  \(seconds(row.wait.meanSeconds))/"
                    + "\(seconds(row.wait.p90Seconds))  \(seconds(row.service.meanSeconds))/"
                    + "\(seconds(row.service.p90Seconds))"
            )
        }
        for window in windows {
            lines.append("window \(window.window): called \(window.called), completed \(window.completed)")
        }
        let rate = satisfaction.rate.map { String(format: "%.1f%%", $0 * 100) } ?? "-"
        lines.append("satisfaction \(rate), bad evaluations open \(satisfaction.openBad)")
        return lines.joined(separator: "\n")
    }
}
