import ArgumentParser
import CounterCentral
import CounterStaff
import CounterStore
import Logging

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
    /// `hukou audit verify --db PATH [--central URL --station ID]`: walks the hash chain; with `--central`, also
    /// compares it with the copy anchored in the district's central store. Exit 0 if intact, 1 naming the row.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every audit row's link and hash (and, with --central, against the anchored copy).",
            discussion: """
                Exits 0 if the chain is intact, 1 naming the first row that does not verify. With --central, rows cut                 from the end, a log rewritten and re-chained with the key, or a fork are found by comparing with the                 copy the station replicated to the district (docs/central.md).
                """
        )

        @OptionGroup var store: StoreLocation
        @OptionGroup var staff: StaffGate

        @Option(help: ArgumentHelp("The district's central PostgreSQL (as hukou central --pg).", valueName: "URL"))
        var central: String?

        @Option(help: ArgumentHelp("This station's central id (with --central).", valueName: "ID"))
        var station: String?

        @Option(
            name: .customLong("pg-password-file"),
            help: ArgumentHelp(
                "With --central: a file (mode 0600) whose first line is the password.",
                valueName: "PATH"
            )
        )
        var passwordFile: String?

        func validate() throws {
            if central != nil, station == nil { throw ValidationError("--central needs --station ID") }
        }

        func run() async throws {
            try await staff.check(.audit, command: "audit verify", store: store)
            let opened = try store.open()
            guard let central, let station else {
                let result = try await opened.verifyAudit()
                print(result)
                if !result.isIntact { throw ExitCode.failure }
                return
            }
            var logger = Logger(label: "hukou.central")
            logger.logLevel = .warning
            var database = try CentralDatabase(url: central)
            if let passwordFile {
                database.password = try SecretFile.password(passwordFile, field: "--pg-password-file")
            }
            let client = try await CentralClient.connect(database, logger: logger)
            let verdict: AnchorVerdict
            do {
                verdict = try await client.verifyAnchor(of: opened, station: station)
            } catch {
                await client.close()
                throw error
            }
            await client.close()
            print(verdict)
            if !verdict.isIntact { throw ExitCode.failure }
        }
    }
}
