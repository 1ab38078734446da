import ArgumentParser
import CounterStaff
import CounterStore
import Foundation

extension Hukou {
    /// `hukou evaluation`: the 好差评 evaluations and the follow-up of bad ones (整改).
    struct EvaluationCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evaluation",
            abstract: "List the citizens' evaluations; record the rectification (整改) of a bad one.",
            subcommands: [List.self, Rectify.self]
        )
    }
}

extension Hukou.EvaluationCommand {
    /// `hukou evaluation list --db PATH [--bad] [--open] [--json]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List evaluations (ticket, window, level, reasons, rectification); no personal data.",
            discussion: """
                --bad lists 不满意 and 非常不满意 only; --open only those without a rectification. Under sudo, a \
                supervisor only (statistics).
                """
        )

        @OptionGroup var store: StoreLocation
        @OptionGroup var staff: StaffGate

        @Flag(help: "Only bad evaluations (不满意, 非常不满意).")
        var bad = false

        @Flag(help: "Only bad evaluations without a rectification.")
        var open = false

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func validate() throws { try store.validate() }

        func run() async throws {
            try await staff.check(.statistics, command: "evaluation list", store: store)
            let evaluations = try await store.open().evaluations(badOnly: bad, openOnly: open)
            if json {
                let encoder = JSONEncoder()
                encoder.dateEncodingStrategy = .iso8601
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(evaluations), as: UTF8.self))
                return
            }
            for evaluation in evaluations {
                let reasons = evaluation.reasons.map(\.nameZH).joined(separator: "、")
                let followUp =
                    evaluation.rectification.map { "整改 \(evaluation.rectifiedOn ?? "") \($0)" }
                    ?? (evaluation.level.isBad ? "待整改 open" : "")
                print(
                    "#\(evaluation.transactionID.rawValue) \(evaluation.ticket ?? "-") 窗口\(evaluation.window) "
                        + "\(evaluation.level.nameZH) \(reasons) \(evaluation.comment ?? "") \(followUp)"
                )
            }
        }
    }

    /// `hukou evaluation rectify --db PATH --transaction N --note TEXT [--date YYYY-MM-DD] [--operator NAME]`.
    struct Rectify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record what was done about a bad evaluation (整改) and when; audited.",
            discussion: """
                Under sudo, a supervisor only (rectify), recorded under their own name (--operator is refused there).
                """
        )

        @OptionGroup var store: StoreLocation
        @OptionGroup var staff: StaffGate

        @Option(help: "The evaluated transaction (as listed).")
        var transaction: String

        @Option(help: "What was done (1–500 characters).")
        var note: String

        @Option(help: ArgumentHelp("The date of the rectification (default: today).", valueName: "YYYY-MM-DD"))
        var date: String?

        @Option(help: "Who records it when not under sudo (default: $USER).")
        var `operator`: String?

        func validate() throws {
            try store.validate()
            guard TransactionID(transaction) != nil else { throw ValidationError("--transaction must be a number") }
        }

        func run() async throws {
            let member = try await staff.check(
                .rectify,
                command: "evaluation rectify",
                store: store,
                refusing: [("--operator", `operator` != nil)]
            )
            let opened = try CounterStore(
                path: store.db,
                options: CounterStoreOptions(keyFilePath: store.storeKey)
            )
            guard let id = TransactionID(transaction) else { throw ValidationError("--transaction must be a number") }
            let name =
                member?.auditName ?? `operator`
                ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "supervisor"
            do {
                let evaluation = try await opened.rectify(
                    id,
                    note: note,
                    on: date ?? opened.stationDay(),
                    operator: name
                )
                print(
                    "#\(id.rawValue) \(evaluation.ticket ?? "-") 整改已记录 rectification recorded (\(evaluation.rectifiedOn ?? ""))"
                )
            } catch let error as CounterStoreError {
                throw ValidationError(error.message)
            }
        }
    }
}
