import ArgumentParser
import CounterStaff
import CounterStore

extension Hukou {
    /// `hukou audit`: the append-only, hash-chained audit log.
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Inspect the audit log.",
            subcommands: [Verify.self]
        )
    }
}

extension Hukou.Audit {
    /// `hukou audit verify --db PATH`: walks the hash chain; exit 0 if intact, 1 naming the first bad row.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every audit row's link and hash.",
            discussion: "Exits 0 if the chain is intact, 1 naming the first row that does not verify."
        )

        @OptionGroup var store: StoreLocation
        @OptionGroup var staff: StaffGate

        func run() async throws {
            try await staff.check(.audit, command: "audit verify", store: store)
            let result = try await store.open().verifyAudit()
            print(result)
            if !result.isIntact { throw ExitCode.failure }
        }
    }
}
