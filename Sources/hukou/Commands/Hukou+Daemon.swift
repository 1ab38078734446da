import ArgumentParser
import CounterDaemon
import Foundation
import Logging
import NFCReader

extension Hukou {
    /// `hukou daemon`: owns the readers, runs the tap pipeline into the store, serves the control socket.
    struct Daemon: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the counter daemon: readers → tag protocol → intent check → store.",
            discussion: """
                Settings come from --config (TOML; every key is in docs/configuration.md), then the flags below, \
                which override it. Stops gracefully on SIGTERM or SIGINT: the tap in flight is finished and \
                acknowledged first. Exit status 78 for an unusable configuration.

                With --status, asks the daemon already listening on --control for its readers and tap counts \
                (JSON) instead of starting one.
                """
        )

        @Flag(name: .long, help: "Print the status of the daemon listening on --control, then exit.")
        var status = false

        @Option(name: .long, help: "A TOML configuration file.")
        var config: String?

        @Option(name: .long, help: "The SQLite database of the counter store.")
        var db: String?

        @Option(
            name: .long,
            help:
                "A reader and its window, KIND:NAME@WINDOW (sim:window1@1, libnfc@2, pcsc:ACS ACR122U 00 00@3). Repeatable; replaces the file's list."
        )
        var reader: [String] = []

        @Option(name: .long, help: "The control socket (Unix domain, created with mode 0600).")
        var control: String?

        @Option(name: .long, help: "The trusted signing keys (JSON).")
        var keys: String?

        @Option(name: .long, help: "A business catalog overriding the bundled one (JSON).")
        var catalog: String?

        @Option(name: .customLong("store-key"), help: "The store key file (default: <db>.key).")
        var storeKey: String?

        @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
        var logLevel: String?

        func run() async throws {
            if status {
                try await printStatus()
                return
            }
            var settings = DaemonConfiguration()
            do {
                if let config { try settings.load(tomlFile: config) }
                if let db { settings.databasePath = db }
                if !reader.isEmpty {
                    var bindings: [ReaderBinding] = []
                    for text in reader { bindings.append(try ReaderBinding(parsing: text)) }
                    settings.readers = bindings
                }
                if let control { settings.controlSocketPath = control }
                if let keys { settings.trustedKeysPath = keys }
                if let catalog { settings.catalogPath = catalog }
                if let storeKey { settings.storeKeyPath = storeKey }
                if let logLevel {
                    guard let level = Logger.Level(rawValue: logLevel) else {
                        throw DaemonConfigurationError(.outOfRange, "--log-level \(logLevel) is not a log level")
                    }
                    settings.logLevel = level
                }
                try settings.validate()
                for binding in settings.readers {
                    do {
                        _ = try ReaderSpec(parsing: binding.spec)
                    } catch {
                        throw DaemonConfigurationError(.invalidReaderBinding, error.description)
                    }
                }
            } catch let error as DaemonConfigurationError {
                FileHandle.standardError.write(Data("hukou daemon: \(error.message)\n".utf8))
                throw ExitCode(78)
            }
            let level = settings.logLevel
            LoggingSystem.bootstrap { label in
                var handler = EscapingLogHandler(StreamLogHandler.standardError(label: label))
                handler.logLevel = level
                return handler
            }
            let logger = Logger(label: "hukou.daemon")
            let application: DaemonApplication
            do {
                application = try DaemonApplication(
                    configuration: settings,
                    logger: logger,
                    makeReader: Self.openReader,
                    readTag: { session in try await session.readNDEFContent() }
                )
            } catch {
                FileHandle.standardError.write(Data("hukou daemon: \(error)\n".utf8))
                throw ExitCode(78)
            }
            try await application.run()
        }

        private func printStatus() async throws {
            guard let control else { throw ValidationError("--status needs --control PATH") }
            let response: ControlResponse
            do {
                response = try await ControlClient.send(.status, to: control, timeout: .seconds(5))
            } catch {
                FileHandle.standardError.write(Data("hukou daemon: \(error.message)\n".utf8))
                throw ExitCode(69)
            }
            guard let status = response.status else {
                FileHandle.standardError.write(Data("hukou daemon: \(response.failure?.message ?? "no status")\n".utf8))
                throw ExitCode(1)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
        }

        /// Opens the reader a binding names (``ReaderFactory``: `sim:`, and the hardware backends built in).
        @Sendable
        static func openReader(_ binding: ReaderBinding) throws -> any Reader {
            try ReaderFactory.makeReader(for: try ReaderSpec(parsing: binding.spec))
        }
    }
}
