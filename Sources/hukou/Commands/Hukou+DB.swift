import ArgumentParser
import CounterStaff
import CounterStore
import Foundation

extension Hukou {
    /// `hukou db`: maintenance of the counter database.
    struct DB: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "db",
            abstract: "Maintain the counter database.",
            subcommands: [Backup.self, Purge.self]
        )
    }
}

extension Hukou.DB {
    /// `hukou db backup --db PATH --to FILE`: an online backup, consistent while the daemon writes.
    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the database to a new file (mode 0600) with SQLite's online backup.",
            discussion: """
                Safe while the daemon and clerks' terminals are running: the copy is one consistent snapshot. \
                Applicant data stays sealed in the copy; keep a copy of the key file too, stored apart from it.
                """
        )

        @OptionGroup var store: StoreLocation
        @OptionGroup var staff: StaffGate

        @Option(
            name: .customLong("to"),
            help: ArgumentHelp("The backup file to create; it must not exist.", valueName: "FILE")
        )
        var destination: String

        func validate() throws {
            try store.validate()
            guard !FileManager.default.fileExists(atPath: destination) else {
                throw ValidationError("\(destination) already exists; choose a new file name")
            }
        }

        func run() async throws {
            try await staff.check(.backup, command: "db backup", store: store)
            let counter = try store.open()
            try await counter.backup(to: destination)
            print("backed up \(store.db) to \(destination)")
        }
    }
}
