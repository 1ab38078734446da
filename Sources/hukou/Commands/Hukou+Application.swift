import ArgumentParser
import CounterDaemon
import CounterStaff
import CounterStore
import CounterTerminal
import Foundation
import HukouIntent

extension Hukou {
    /// `hukou application`: the hand-off record of one application (docs/handoff-format.md), audited.
    struct Application: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The hand-off record of an application, for entry into the population system (audited).",
            discussion: """
                The record holds the applicant's data in full (docs/handoff-format.md). Only someone on the staff \
                roster may make one: a clerk for their own windows' transactions, a supervisor for any. Every \
                record made is an `export` row in the audit log; a refusal is a `refused` row.
                """,
            subcommands: [Show.self, Export.self]
        )
    }
}

extension Hukou.Application {
    /// The options `show` and `export` share.
    struct Options: ParsableArguments {
        @OptionGroup var store: StoreLocation

        @Option(help: ArgumentHelp("The transaction's number.", valueName: "N"))
        var id: Int64

        @Option(help: "json (default) or text.")
        var format: String = "json"

        @Option(help: "The language of --format text: zh (default) or en.")
        var lang: String = "zh"

        @Option(
            help: ArgumentHelp(
                "The configuration with the staff roster (default: /etc/hukou/counter.toml).",
                valueName: "FILE"
            )
        )
        var config: String?

        func validate() throws {
            guard ["json", "text"].contains(format) else { throw ValidationError("--format must be json or text") }
            guard TerminalLanguage(rawValue: lang) != nil else { throw ValidationError("--lang must be zh or en") }
            guard id > 0 else { throw ValidationError("--id must be a positive number") }
        }

        /// Checks the person and their right to this transaction, then makes the record (audited with `destination`).
        ///
        /// - Throws: `ExitCode` 77 (not on the roster, not allowed), 66 (no such transaction), 78 (configuration).
        func record(destination: String) async throws -> Made {
            let command = "application"
            let (configuration, _) = try Hukou.Counter.loadConfiguration(config, command: command)
            let member: StaffMember
            do {
                let resolver = StaffIdentityResolver(serviceAccount: configuration.counter.serviceAccount)
                let (login, source) = try resolver.resolve(.current())
                // Under sudo: the configured roster, database and key only (a roster of one's own would make anyone
                // a supervisor).
                try PromptPlan.refuseUnderSudo(
                    source,
                    options: [
                        ("--config", config != nil), ("--store-key", store.storeKey != nil),
                        ("--db", !PromptPlan.samePath(store.db, configuration.databasePath)),
                    ]
                )
                member = try configuration.staff.require(login: login)
            } catch {
                throw Hukou.failure(77, "\(command): \(error.zh) / \(error.en)")
            }
            // Read-write: the export is audited.
            let store = try CounterStore(
                path: self.store.db,
                options: CounterStoreOptions(keyFilePath: self.store.storeKey)
            )
            let id = TransactionID(id)
            guard let transaction = try await store.transaction(id) else {
                throw Hukou.failure(66, "\(command): 找不到 / not found: #\(id)")
            }
            let decision = StaffAccess.decide(member, .export, window: transaction.window)
            guard decision.allowed else {
                try await store.recordRefusal(
                    action: StaffAction.export.rawValue,
                    transaction: id,
                    reason: "window=\(transaction.window) role=\(member.role.rawValue)",
                    operator: member.auditName
                )
                throw Hukou.failure(77, "\(command): \(decision.zh) / \(decision.en)")
            }
            let (exported, applicant) = try await store.exportApplicant(
                id,
                operator: member.auditName,
                details: "format=\(format) to=\(destination)"
            )
            let business = try Hukou.Counter.catalog(configuration).entry(for: exported.businessCode)
            let checked = try await store.checkedMaterials(of: id)
            let now = Date()
            let record = HandoffRecord(
                exported,
                applicant: applicant,
                business: business,
                checked: checked,
                exportedAt: now,
                exportedBy: member.auditName
            )
            var text: [String] = []
            if format == "text" {
                let renderer = CounterRenderer(
                    language: TerminalLanguage(rawValue: lang) ?? .zh,
                    window: exported.window
                )
                text = ["\(HandoffRecord.formatName) v\(HandoffRecord.currentVersion) · \(member.auditName)"]
                text += renderer.application(
                    exported,
                    applicant: applicant,
                    business: business,
                    checked: checked,
                    now: now
                )
            }
            return Made(record: record, text: text)
        }

        /// A record made, and its text form when `--format text`.
        struct Made {
            var record: HandoffRecord
            var text: [String]
        }

        /// The record in the chosen format: JSON, or the application view's lines (terminal-safe) in `lang`.
        func rendered(_ made: Made) throws -> Data {
            guard format == "text" else { return try made.record.json() }
            return Data((made.text.map(TerminalText.safe).joined(separator: "\n") + "\n").utf8)
        }
    }

    /// `hukou application show --db DB --id N [--format json|text]`: prints the record.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the hand-off record (audited).")

        @OptionGroup var options: Options

        func run() async throws {
            let made = try await options.record(destination: "stdout")
            FileHandle.standardOutput.write(try options.rendered(made))
        }
    }

    /// `hukou application export --db DB --id N [--format json|text] [--to DIR]`: writes the record into the hand-off
    /// folder (`counter.handoff_directory`) for an integration to pick up.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the hand-off record into the hand-off folder, mode 0600 (audited)."
        )

        @OptionGroup var options: Options

        @Option(help: ArgumentHelp("The folder (default: counter.handoff_directory).", valueName: "DIR"))
        var to: String?

        func run() async throws {
            let (configuration, _) = try Hukou.Counter.loadConfiguration(options.config, command: "application")
            guard let directory = to ?? configuration.counter.handoffDirectory else {
                throw ValidationError("no hand-off folder: give --to DIR or counter.handoff_directory")
            }
            let made = try await options.record(destination: directory)
            var name = HandoffFile.name(for: made.record)
            if options.format == "text" { name = String(name.dropLast(".json".count)) + ".txt" }
            let path = try HandoffFile.write(
                try options.rendered(made),
                name: name,
                in: directory
            )
            print(path)
        }
    }
}
