import CounterCentral
import Foundation

/// The `[central]` section: replication of the station's audit log to the district's PostgreSQL. Secrets are read
/// from files only the service account can read; the URL carries no password.
struct CentralSection: Decodable {
    var url: String
    var station: String
    var secretFile: String
    var passwordFile: String?
    var subjectKeyFile: String?
    var batchSize: Int?
    var lagWarningSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case url, station
        case secretFile = "secret_file"
        case passwordFile = "password_file"
        case subjectKeyFile = "subject_key_file"
        case batchSize = "batch_size"
        case lagWarningSeconds = "lag_warning_seconds"
    }

    /// The replicator's settings, with the secret files read and checked.
    func configuration(resolve: (String) -> String) throws(DaemonConfigurationError) -> ReplicatorConfiguration {
        do throws(CentralError) {
            var database = try CentralDatabase(url: url)
            if database.password != nil {
                throw CentralError(.invalidConfiguration, "the URL must not carry a password; use password_file")
            }
            if let passwordFile {
                database.password = try SecretFile.password(resolve(passwordFile), field: "central.password_file")
            }
            guard StationRegistration.isValidID(station) else {
                throw CentralError(.invalidConfiguration, "station must be 1–64 of a-z 0-9 _ -")
            }
            var configuration = ReplicatorConfiguration(
                database: database,
                station: station,
                secret: try SecretFile.read(resolve(secretFile), field: "central.secret_file"),
                subjectKey: try subjectKeyFile.map { path throws(CentralError) in
                    try SecretFile.read(resolve(path), field: "central.subject_key_file")
                }
            )
            if let batchSize {
                guard (1...5000).contains(batchSize) else {
                    throw CentralError(.invalidConfiguration, "batch_size must be 1–5000")
                }
                configuration.batchSize = batchSize
            }
            if let lagWarningSeconds {
                guard lagWarningSeconds > 0, lagWarningSeconds <= 86_400 else {
                    throw CentralError(.invalidConfiguration, "lag_warning_seconds must be 0–86400")
                }
                configuration.lagWarningSeconds = lagWarningSeconds
            }
            return configuration
        } catch {
            throw DaemonConfigurationError(.outOfRange, "central: \(error.message)")
        }
    }
}
