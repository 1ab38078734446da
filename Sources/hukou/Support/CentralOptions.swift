import ArgumentParser
import CounterCentral
import Foundation
import Logging

/// `--pg URL [--pg-password-file PATH]`: the district's central PostgreSQL.
struct CentralOptions: ParsableArguments {
    @Option(
        name: .customLong("pg"),
        help: ArgumentHelp(
            "The central PostgreSQL: postgres://USER@HOST:PORT/DATABASE[?host=/SOCKET/DIR&sslmode=…].",
            valueName: "URL"
        )
    )
    var url: String

    @Option(
        name: .customLong("pg-password-file"),
        help: ArgumentHelp("A file (mode 0600) whose first line is the password.", valueName: "PATH")
    )
    var passwordFile: String?

    func validate() throws {
        do {
            _ = try CentralDatabase(url: url)
        } catch {
            throw ValidationError("--pg: \(error.message)")
        }
    }

    /// The parsed URL with the password from the file, if any.
    func database() throws -> CentralDatabase {
        var database = try CentralDatabase(url: url)
        if let passwordFile {
            database.password = try SecretFile.password(passwordFile, field: "--pg-password-file")
        }
        return database
    }

    /// A connection, closed by the caller.
    func connect() async throws -> CentralClient {
        var logger = Logger(label: "hukou.central")
        logger.logLevel = .warning
        return try await CentralClient.connect(try database(), logger: logger)
    }
}
