public import CounterStore
public import CounterWeb
public import Foundation
import PostgresNIO

/// The district's view of one day: every station's figures, computed from the central copy by the same code that
/// computes the station's own (``StationStatistics``), so the two agree to the last digit, and the district's
/// totals. No personal data.
public struct DistrictStatistics: Sendable, Hashable, Codable {
    /// The version of this JSON shape; a change that removes or renames a field raises it.
    public static let schemaVersion = 1

    /// One station's day and how current its copy is.
    public struct Station: Sendable, Hashable, Codable {
        /// The station id.
        public var station: String
        /// Its display name.
        public var name: String
        /// When it last sent anything.
        public var lastContact: Date?
        /// The last audit row held centrally.
        public var headSeq: Int64
        /// Rows the station had and the central copy did not, at its last contact.
        public var backlog: Int64
        /// No contact for longer than the offline threshold.
        public var offline: Bool
        /// Rows waiting at the station at its last contact, with the oldest central row older than the lag
        /// threshold.
        public var lagging: Bool
        /// Transactions waiting now whose wait so far exceeds the long-wait threshold.
        public var longWaits: Int
        /// The station's figures, as `hukou stats --json` computes them at the station.
        public var statistics: StationStatistics
    }

    /// The JSON shape's version.
    public var schemaVersion: Int
    /// The day (`yyyy-MM-dd`, in the district's time zone).
    public var day: String
    /// When the figures were read.
    public var generatedAt: Date
    /// The stations, by id.
    public var stations: [Station]
    /// All stations together.
    public var district: StationStatistics
    /// The thresholds used.
    public var thresholds: Thresholds

    /// What counts as offline, lagging and a long wait.
    public struct Thresholds: Sendable, Hashable, Codable {
        /// No contact for this long: offline (the replicator sends a heartbeat every 30 s).
        public var offlineSeconds: Double = 120
        /// Unsent rows older than this: lagging.
        public var lagSeconds: Double = 60
        /// A wait longer than this: a long wait.
        public var longWaitSeconds: Double = 1800

        /// The defaults.
        public init() {}
    }
}

extension CentralClient {
    /// The figures of `day` for every registered station (or only `station`), from the central copy.
    ///
    /// - Throws: ``CentralError`` `.unknownStation` when `station` is given and not registered; `.invalidConfiguration`
    ///   for a malformed day or an unknown time zone; connection and schema errors.
    public func districtStatistics(
        day: String,
        station only: String? = nil,
        districtTimeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current,
        thresholds: DistrictStatistics.Thresholds = .init(),
        now: Date = Date()
    ) async throws(CentralError) -> DistrictStatistics {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = districtTimeZone
        guard CounterStore.bounds(ofDay: day, in: calendar) != nil else {
            throw CentralError(.invalidConfiguration, "the day must be YYYY-MM-DD (got \(day.debugDescription))")
        }
        var stations = try await stations()
        if let only {
            stations = stations.filter { $0.id == only }
            guard !stations.isEmpty else {
                throw CentralError(.unknownStation, "station \(only) is not registered centrally")
            }
        }
        var rows: [DistrictStatistics.Station] = []
        var all: [CounterTransaction] = []
        var counts: [String: Int] = [:]
        var openBad = 0
        for station in stations {
            guard let zone = TimeZone(identifier: station.timeZone) else {
                throw CentralError(.invalidConfiguration, "station \(station.id) has an unknown time zone")
            }
            var local = Calendar(identifier: .gregorian)
            local.timeZone = zone
            let (statistics, transactions) = try await stationDay(station.id, day: day, calendar: local)
            all += transactions
            for (level, count) in statistics.satisfaction.counts { counts[level, default: 0] += count }
            openBad += statistics.satisfaction.openBad
            let sinceContact = station.lastContact.map { now.timeIntervalSince($0) } ?? .infinity
            let headAge = station.headAt.map { now.timeIntervalSince($0) } ?? .infinity
            let backlog = max(0, station.reportedSeq - station.headSeq)
            rows.append(
                DistrictStatistics.Station(
                    station: station.id,
                    name: station.name,
                    lastContact: station.lastContact,
                    headSeq: station.headSeq,
                    backlog: backlog,
                    offline: sinceContact > thresholds.offlineSeconds,
                    lagging: backlog > 0 && headAge > thresholds.lagSeconds,
                    longWaits: try await longWaits(station.id, now: now, threshold: thresholds.longWaitSeconds),
                    statistics: statistics
                )
            )
        }
        return DistrictStatistics(
            schemaVersion: DistrictStatistics.schemaVersion,
            day: day,
            generatedAt: now,
            stations: rows,
            district: StationStatistics(
                day: day,
                transactions: all,
                calendar: calendar,
                satisfaction: Satisfaction(counts: counts, openBad: openBad)
            ),
            thresholds: thresholds
        )
    }

    /// One station's figures for its local `day`, exactly as the station computes them.
    public func stationStatistics(_ station: String, day: String, calendar: Calendar) async throws(CentralError)
        -> StationStatistics
    {
        try await stationDay(station, day: day, calendar: calendar).statistics
    }

    /// One station's figures for its local `day` and the transactions they were computed from, each read once.
    func stationDay(_ station: String, day: String, calendar: Calendar) async throws(CentralError)
        -> (statistics: StationStatistics, transactions: [CounterTransaction])
    {
        guard let interval = CounterStore.bounds(ofDay: day, in: calendar) else {
            throw CentralError(.invalidConfiguration, "the day must be YYYY-MM-DD")
        }
        let start = interval.start.timeIntervalSinceReferenceDate
        let end = interval.end.timeIntervalSinceReferenceDate
        var counts: [String: Int] = [:]
        var openBad = 0
        do {
            let levels = try await connection.query(
                """
                SELECT level, count(*)::bigint FROM hukou_central.evaluations
                WHERE station_id = \(station) AND created_ref >= \(start) AND created_ref < \(end) GROUP BY level
                """,
                logger: logger
            )
            for try await (level, count) in levels.decode((String, Int64).self) { counts[level] = Int(count) }
            let open = try await connection.query(
                """
                SELECT count(*)::bigint FROM hukou_central.evaluations
                WHERE station_id = \(station) AND rectified_on IS NULL
                  AND level IN ('dissatisfied', 'very_dissatisfied')
                """,
                logger: logger
            )
            for try await count in open.decode(Int64.self) { openBad = Int(count) }
        } catch {
            throw Self.mapped(error, context: "reading the evaluations of \(station)")
        }
        let transactions = try await transactions(station: station, day: day, calendar: calendar)
        let statistics = StationStatistics(
            day: day,
            transactions: transactions,
            calendar: calendar,
            satisfaction: Satisfaction(counts: counts, openBad: openBad)
        )
        return (statistics, transactions)
    }

    /// The central copy of a station's transactions tapped on its local `day`, in the station's order.
    public func transactions(station: String, day: String, calendar: Calendar) async throws(CentralError)
        -> [CounterTransaction]
    {
        guard let interval = CounterStore.bounds(ofDay: day, in: calendar) else { return [] }
        let start = interval.start.timeIntervalSinceReferenceDate
        let end = interval.end.timeIntervalSinceReferenceDate
        var result: [CounterTransaction] = []
        do {
            let rows = try await connection.query(
                """
                SELECT transaction_id, state, ticket, ticket_day, "window", transferred_from_window, business_code,
                       business_name_zh, business_name_en, ticket_category, priority, profile, recall_count,
                       created_ref, confirmed_ref, queued_ref, called_ref, service_started_ref, suspended_ref,
                       transferred_ref, finished_ref, updated_ref
                FROM hukou_central.transactions
                WHERE station_id = \(station) AND created_ref >= \(start) AND created_ref < \(end)
                ORDER BY transaction_id
                """,
                logger: logger
            )
            for try await row in rows {
                let r = try row.decode(
                    (
                        Int64, String, String?, String?, Int, Int?, String, String, String, String, String, String,
                        Int, Double, Double?, Double?, Double?, Double?, Double?, Double?, Double?, Double
                    ).self
                )
                guard let state = TransactionState(rawValue: r.1), let priority = Priority(rawValue: r.10) else {
                    throw CentralError(.corruptResponse, "transaction \(r.0) of \(station) has an unknown state")
                }
                func date(_ value: Double?) -> Date? { value.map { Date(timeIntervalSinceReferenceDate: $0) } }
                result.append(
                    CounterTransaction(
                        copyOf: TransactionID(r.0),
                        state: state,
                        ticket: r.2,
                        ticketDay: r.3,
                        window: r.4,
                        transferredFromWindow: r.5,
                        businessCode: r.6,
                        businessNameZH: r.7,
                        businessNameEN: r.8,
                        ticketCategory: r.9,
                        priority: priority,
                        profile: r.11,
                        recallCount: r.12,
                        createdAt: Date(timeIntervalSinceReferenceDate: r.13),
                        confirmedAt: date(r.14),
                        queuedAt: date(r.15),
                        calledAt: date(r.16),
                        serviceStartedAt: date(r.17),
                        suspendedAt: date(r.18),
                        transferredAt: date(r.19),
                        finishedAt: date(r.20),
                        updatedAt: Date(timeIntervalSinceReferenceDate: r.21)
                    )
                )
            }
        } catch {
            throw Self.mapped(error, context: "reading the transactions of \(station)")
        }
        return result
    }

    /// Transactions of `station` waiting now (any day) that have waited longer than `threshold` seconds.
    func longWaits(_ station: String, now: Date, threshold: Double) async throws(CentralError) -> Int {
        let cutoff = now.timeIntervalSinceReferenceDate - threshold
        let sql = """
            SELECT count(*)::bigint FROM hukou_central.transactions
            WHERE station_id = $1 AND state IN (\(CentralSchema.queuedStatesSQL))
              AND COALESCE(queued_ref, confirmed_ref, created_ref) < $2
            """
        var bindings = PostgresBindings()
        bindings.append(station)
        bindings.append(cutoff)
        return Int(try await scalar(PostgresQuery(unsafeSQL: sql, binds: bindings), as: Int64.self) ?? 0)
    }
}
