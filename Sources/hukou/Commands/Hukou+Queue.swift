import ArgumentParser
import CounterStore
import CounterTerminal
import Foundation

extension Hukou {
    /// `hukou queue`: the counter's transactions as the tools see them (masked only).
    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the counter's transactions and queues.",
            subcommands: [List.self]
        )
    }
}

extension Hukou.Queue {
    /// `hukou queue list --db PATH [--json] [--window N] [--state S ...]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List transactions (id, ticket, window, business, state, times); applicants masked.",
            discussion: """
                With --json, prints one JSON array of transaction objects (keys: id, state, ticket, ticketDay, \
                window, businessCode, priority, maskedName, maskedIDNumber, createdAt, confirmedAt, calledAt, ...; \
                times in ISO 8601 UTC).
                """
        )

        @OptionGroup var store: StoreLocation

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        @Option(help: "Only this window.")
        var window: Int?

        @Option(
            name: .customLong("state"),
            help: ArgumentHelp(
                "Only these states (repeatable): \(TransactionState.allCases.map(\.rawValue).joined(separator: ", ")).",
                valueName: "STATE"
            )
        )
        var states: [String] = []

        func validate() throws {
            try store.validate()
            for state in states where TransactionState(rawValue: state) == nil {
                throw ValidationError("unknown state '\(state)'")
            }
        }

        func run() async throws {
            let filter = states.isEmpty ? nil : Set(states.compactMap(TransactionState.init(rawValue:)))
            let transactions = try await store.open().transactions(window: window, states: filter)
            if json {
                let encoder = JSONEncoder()
                encoder.dateEncodingStrategy = .iso8601
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(transactions), as: UTF8.self))
                return
            }
            print(Self.table(transactions))
        }

        static func table(_ transactions: [CounterTransaction]) -> String {
            let formatter = DateFormatter()
            formatter.dateFormat = "HH:mm:ss"
            formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
            let header = ["ID", "TICKET", "WIN", "STATE", "BUSINESS", "APPLICANT", "CREATED"]
            let widths = [7, 8, 5, 13, 14, 22, 0]
            func row(_ cells: [String]) -> String {
                zip(cells, widths).map { $1 == 0 ? $0 : CounterRenderer.pad($0, toColumns: $1) }.joined()
            }
            var lines = [row(header)]
            for t in transactions {
                let applicant = [t.maskedName, t.maskedIDNumber].compactMap { $0 }.joined(separator: " ")
                lines.append(
                    row([
                        String(t.id.rawValue), t.ticket ?? "-", String(t.window), t.state.rawValue, t.businessCode,
                        applicant, formatter.string(from: t.createdAt),
                    ])
                )
            }
            if transactions.isEmpty { lines.append("(no transactions)") }
            return lines.joined(separator: "\n")
        }
    }
}
