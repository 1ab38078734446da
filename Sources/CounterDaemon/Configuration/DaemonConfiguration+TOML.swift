import CounterStaff
import CounterWeb
import Foundation
import Logging
import TOMLKit

extension DaemonConfiguration {
    /// The largest configuration file read, in bytes.
    static let maximumFileSize = 256 * 1024

    /// Reads a TOML configuration file over these values; keys absent from the file keep their value.
    ///
    /// Unknown keys are refused, so a misspelt key never silently does nothing. Relative paths in the file are
    /// resolved against the file's folder.
    ///
    /// - Throws: ``DaemonConfigurationError`` naming the file and the problem.
    public mutating func load(tomlFile path: String) throws(DaemonConfigurationError) {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            data = try handle.read(upToCount: Self.maximumFileSize + 1) ?? Data()
        } catch {
            throw DaemonConfigurationError(.unreadableFile, "\(path): \(error.localizedDescription)")
        }
        guard data.count <= Self.maximumFileSize else {
            throw DaemonConfigurationError(.invalidFile, "\(path): larger than \(Self.maximumFileSize) bytes")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DaemonConfigurationError(.invalidFile, "\(path): not UTF-8")
        }
        try apply(toml: text, source: path, baseDirectory: url.deletingLastPathComponent().path)
    }

    /// Applies TOML text over these values (what ``load(tomlFile:)`` does after reading the file).
    ///
    /// - Throws: ``DaemonConfigurationError``.
    public mutating func apply(toml text: String, source: String, baseDirectory: String)
        throws(DaemonConfigurationError)
    {
        let file: FileModel
        do {
            file = try TOMLDecoder(strictDecoding: true).decode(FileModel.self, from: text)
        } catch let error as TOMLParseError {
            throw DaemonConfigurationError(
                .invalidFile,
                "\(source): \(error.source.begin.debugDescription): \(error.description)"
            )
        } catch let error as UnexpectedKeysError {
            let keys = error.keys.map { key, path in
                (path.map(\.stringValue) + [key]).joined(separator: ".")
            }.sorted()
            throw DaemonConfigurationError(.invalidFile, "\(source): unknown key(s) \(keys.joined(separator: ", "))")
        } catch let error as DecodingError {
            throw DaemonConfigurationError(.invalidFile, "\(source): \(Self.describe(error))")
        } catch {
            throw DaemonConfigurationError(.invalidFile, "\(source): \(error)")
        }

        func resolve(_ path: String) -> String {
            path.hasPrefix("/") ? path : URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).path
        }
        if let store = file.store {
            if let value = store.database { databasePath = resolve(value) }
            if let value = store.keyFile { storeKeyPath = resolve(value) }
            if let value = store.retentionDays {
                guard (1...3650).contains(value) else {
                    throw DaemonConfigurationError(.outOfRange, "store.retention_days must be 1…3650")
                }
                retentionDays = value
            }
        }
        if let control = file.control {
            if let value = control.socket { controlSocketPath = resolve(value) }
            if let value = control.maxConnections { maximumControlConnections = value }
            if let value = control.tapTimeoutSeconds {
                controlTapTimeout = try Self.duration(value, "control.tap_timeout_seconds")
            }
        }
        if let intent = file.intent {
            if let value = intent.trustedKeys { trustedKeysPath = resolve(value) }
            if let value = intent.catalog { catalogPath = resolve(value) }
            if let value = intent.unsignedCardsPerMinute {
                guard (0...600).contains(value) else {
                    throw DaemonConfigurationError(.outOfRange, "intent.unsigned_cards_per_minute must be 0…600")
                }
                unsignedCardsPerMinute = value
            }
        }
        if let receipt = file.receipt {
            if let value = receipt.key { receiptKeyPath = resolve(value) }
            if let value = receipt.station { stationName = value }
        }
        if let readerSection = file.readers {
            if let bindings = readerSection.bind {
                var parsed: [ReaderBinding] = []
                for text in bindings { parsed.append(try ReaderBinding(parsing: text)) }
                readers = parsed
            }
            if let value = readerSection.restartInitialDelaySeconds {
                restartInitialDelay = try Self.duration(value, "readers.restart_initial_delay_seconds")
            }
            if let value = readerSection.restartMaxDelaySeconds {
                restartMaximumDelay = try Self.duration(value, "readers.restart_max_delay_seconds")
            }
        }
        if let counterSection = file.counter {
            if let value = counterSection.serviceAccount {
                guard StaffRoster.isValidLogin(value) else {
                    throw DaemonConfigurationError(
                        .invalidFile,
                        "\(source): counter.service_account '\(value)' is not a login"
                    )
                }
                counter.serviceAccount = value
            }
            if let value = counterSection.idleLockSeconds {
                counter.idleLock = try Self.duration(value, "counter.idle_lock_seconds", maximum: 86_400)
            }
            if let value = counterSection.trainingDatabase { counter.trainingDatabasePath = resolve(value) }
            if let value = counterSection.handoffDirectory { counter.handoffDirectory = resolve(value) }
        }
        if let entries = file.staff {
            do {
                staff = try StaffRoster(
                    entries.map {
                        StaffMember(
                            login: $0.login,
                            name: $0.name,
                            number: $0.number,
                            role: $0.role,
                            windows: $0.windows ?? []
                        )
                    }
                )
            } catch {
                throw DaemonConfigurationError(.invalidFile, "\(source): \(error.en)")
            }
        }
        if let section = file.web {
            web = try section.applied(over: web ?? WebConfiguration(), resolve: resolve)
        }
        if let section = file.central {
            central = try section.configuration(resolve: resolve)
        }
        if let daemon = file.daemon {
            if let value = daemon.shutdownTimeoutSeconds {
                shutdownTimeout = try Self.duration(value, "daemon.shutdown_timeout_seconds")
            }
            if let value = daemon.logLevel {
                guard let level = Logger.Level(rawValue: value) else {
                    throw DaemonConfigurationError(
                        .invalidFile,
                        "\(source): daemon.log_level '\(value)' is not one of trace, debug, info, notice, warning, error, critical"
                    )
                }
                logLevel = level
            }
        }
    }

    private static func duration(_ value: TOMLSeconds, _ key: String, maximum: Double = 3600)
        throws(DaemonConfigurationError) -> Duration
    {
        let seconds = value.seconds
        guard seconds.isFinite, seconds > 0, seconds <= maximum else {
            throw DaemonConfigurationError(.outOfRange, "\(key) must be greater than 0 and at most \(Int(maximum))")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// The shape of the TOML file; every key is optional.
private struct FileModel: Decodable {
    struct Store: Decodable {
        var database: String?
        var keyFile: String?
        var retentionDays: Int?
        enum CodingKeys: String, CodingKey {
            case database
            case keyFile = "key_file"
            case retentionDays = "retention_days"
        }
    }
    struct Control: Decodable {
        var socket: String?
        var maxConnections: Int?
        var tapTimeoutSeconds: TOMLSeconds?
        enum CodingKeys: String, CodingKey {
            case socket
            case maxConnections = "max_connections"
            case tapTimeoutSeconds = "tap_timeout_seconds"
        }
    }
    struct Intent: Decodable {
        var trustedKeys: String?
        var catalog: String?
        var unsignedCardsPerMinute: Int?
        enum CodingKeys: String, CodingKey {
            case trustedKeys = "trusted_keys"
            case catalog
            case unsignedCardsPerMinute = "unsigned_cards_per_minute"
        }
    }
    struct Readers: Decodable {
        var bind: [String]?
        var restartInitialDelaySeconds: TOMLSeconds?
        var restartMaxDelaySeconds: TOMLSeconds?
        enum CodingKeys: String, CodingKey {
            case bind
            case restartInitialDelaySeconds = "restart_initial_delay_seconds"
            case restartMaxDelaySeconds = "restart_max_delay_seconds"
        }
    }
    struct Daemon: Decodable {
        var shutdownTimeoutSeconds: TOMLSeconds?
        var logLevel: String?
        enum CodingKeys: String, CodingKey {
            case shutdownTimeoutSeconds = "shutdown_timeout_seconds"
            case logLevel = "log_level"
        }
    }

    struct Counter: Decodable {
        var serviceAccount: String?
        var idleLockSeconds: TOMLSeconds?
        var trainingDatabase: String?
        var handoffDirectory: String?
        enum CodingKeys: String, CodingKey {
            case serviceAccount = "service_account"
            case idleLockSeconds = "idle_lock_seconds"
            case trainingDatabase = "training_database"
            case handoffDirectory = "handoff_directory"
        }
    }
    struct Staff: Decodable {
        var login: String
        var name: String
        var number: String
        var role: StaffRole
        var windows: [Int]?
    }

    var store: Store?
    var control: Control?
    var counter: Counter?
    var staff: [Staff]?
    var intent: Intent?
    var readers: Readers?
    var daemon: Daemon?
    var receipt: Receipt?

    struct Receipt: Decodable {
        var key: String?
        var station: String?
    }
    var web: WebSection?
    var central: CentralSection?
}

/// A number of seconds in TOML: an integer (`5`) or a float (`0.5`).
private struct TOMLSeconds: Decodable {
    var seconds: Double

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Double.self) {
            seconds = value
        } else {
            seconds = Double(try container.decode(Int.self))
        }
    }
}
