import ArgumentParser
import CounterStaff
import CounterStore
import Foundation

extension Hukou.DB {
    /// `hukou db purge --db PATH [--key FILE] [--days N] [--dry-run]`: removes the sealed personal data of
    /// transactions that ended more than N days ago (what the daemon also does every hour).
    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove the sealed personal data of transactions that ended more than --days ago.",
            discussion: """
                Keeps the masked name and ID number, the business, states, tickets and times, and appends one \
                audit row per transaction, so `hukou audit verify` still passes. The daemon does the same every \
                hour with store.retention_days. With --dry-run, only lists what would be purged.
                """
        )

        @OptionGroup var store: StoreLocation
        @OptionGroup var staff: StaffGate

        @Option(help: ArgumentHelp("Purge what ended more than this many days ago (1–3650).", valueName: "N"))
        var days: Int = 30

        @Flag(name: .customLong("dry-run"), help: "List the transactions that would be purged; change nothing.")
        var dryRun = false

        func validate() throws {
            try store.validate()
            guard (1...3650).contains(days) else { throw ValidationError("--days must be 1…3650") }
        }

        func run() async throws {
            try await staff.check(.backup, command: "db purge", store: store)
            let counter = try CounterStore(path: store.db, options: CounterStoreOptions(keyFilePath: store.storeKey))
            let report = try await counter.purgePersonalData(
                finishedBefore: Date().addingTimeInterval(-Double(days) * 86_400),
                operator: "system:db-purge",
                dryRun: dryRun
            )
            let ids = report.transactionIDs.map { "\($0)" }.joined(separator: " ")
            print(
                dryRun
                    ? "would purge \(report.transactionIDs.count) transaction(s)\(ids.isEmpty ? "" : ": " + ids)"
                    : "purged \(report.transactionIDs.count) transaction(s)\(ids.isEmpty ? "" : ": " + ids)"
            )
        }
    }
}
