import ArgumentParser
import CounterStaff
import CounterStore
import CounterWeb
import Foundation

extension Hukou {
    /// `hukou stats --db PATH [--date YYYY-MM-DD] [--json]`: the station's figures for a day, as the dashboard shows
    /// them.
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The station's figures for a day: counts per business, waits, service times, windows, hours.",
            discussion: """
                With --json, prints the object that GET /api/v1/stats returns (docs/hall.md), schemaVersion 1. \
                No personal data. Under sudo, a supervisor only (statistics).
                """
        )

        @OptionGroup var store: StoreLocation
        @OptionGroup var staff: StaffGate

        @Option(help: ArgumentHelp("The station-local day (default: today).", valueName: "YYYY-MM-DD"))
        var date: String?

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func validate() throws {
            try store.validate()
        }

        func run() async throws {
            try await staff.check(.statistics, command: "stats", store: store)
            let opened = try store.open()
            let day = date ?? opened.stationDay()
            guard opened.bounds(ofDay: day) != nil else { throw ValidationError("--date must be YYYY-MM-DD") }
            let stats = try await StationStatistics.load(from: opened, day: day)
            if json {
                print(String(decoding: try StationStatistics.jsonEncoder.encode(stats), as: UTF8.self))
                return
            }
            print(stats.table)
        }
    }
}
