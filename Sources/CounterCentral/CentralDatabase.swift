public import Foundation
import Logging
public import NIOSSL
public import PostgresNIO

/// Where the district's PostgreSQL is and how to log in: parsed from a connection URL
/// (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?host=/SOCKET/DIR&sslmode=disable|prefer|require&sslrootcert=/CA.pem]`).
///
/// A `host` query parameter naming a directory connects over that directory's Unix socket
/// (`.s.PGSQL.<port>`), as libpq does. `sslmode=prefer` (the default) uses TLS when the server offers it; `require`
/// refuses a server without it. Either way the server's certificate is verified, against the system's trusted
/// roots or the CA file `sslrootcert` (a district's own CA), and must name the host.
public struct CentralDatabase: Sendable, Hashable, CustomStringConvertible {
    /// TLS use.
    public enum TLSMode: String, Sendable, Hashable {
        /// Never.
        case disable
        /// When the server offers it.
        case prefer
        /// Always; a server without TLS is refused.
        case require
    }

    /// The TCP host, when not over a Unix socket.
    public var host: String
    /// The port (also names the Unix socket file).
    public var port: Int
    /// The directory of the server's Unix socket, if it is used.
    public var socketDirectory: String?
    /// The login role.
    public var user: String
    /// The password, from the URL or a password file; never printed.
    public var password: String?
    /// The database.
    public var database: String
    /// TLS use.
    public var tls: TLSMode
    /// The CA certificate file (PEM) the server's certificate must chain to, instead of the system's roots.
    public var rootCertificate: String?

    /// Parses a connection URL.
    ///
    /// - Throws: ``CentralError`` `.invalidURL` naming the part that is wrong.
    public init(url text: String) throws(CentralError) {
        guard text.utf8.count <= 1024, let components = URLComponents(string: text) else {
            throw CentralError(.invalidURL, "not a URL (postgres://USER@HOST:PORT/DATABASE)")
        }
        guard components.scheme == "postgres" || components.scheme == "postgresql" else {
            throw CentralError(.invalidURL, "the scheme must be postgres:// or postgresql://")
        }
        guard let user = components.user, !user.isEmpty else {
            throw CentralError(.invalidURL, "the URL names no user (postgres://USER@…)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw CentralError(.invalidURL, "the URL names no database (…/DATABASE)")
        }
        var socketDirectory: String?
        var rootCertificate: String?
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "host":
                guard let value = item.value, value.hasPrefix("/") else {
                    throw CentralError(.invalidURL, "host= must be an absolute socket directory")
                }
                socketDirectory = value
            case "sslmode":
                guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                    throw CentralError(.invalidURL, "sslmode must be disable, prefer or require")
                }
                tls = mode
            case "sslrootcert":
                guard let value = item.value, value.hasPrefix("/") else {
                    throw CentralError(.invalidURL, "sslrootcert= must be an absolute path to a PEM file")
                }
                rootCertificate = value
            default:
                throw CentralError(.invalidURL, "unknown URL parameter '\(item.name)' (host, sslmode, sslrootcert)")
            }
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw CentralError(.invalidURL, "the port must be 1–65535") }
        let host = components.host ?? ""
        guard !host.isEmpty || socketDirectory != nil else {
            throw CentralError(.invalidURL, "the URL names no host and no socket directory (?host=/DIR)")
        }
        self.host = host
        self.port = port
        self.socketDirectory = socketDirectory
        self.user = user
        self.password = components.password
        self.database = database
        self.tls = tls
        self.rootCertificate = rootCertificate
    }

    /// The URL without its password, for logs and status lines.
    public var description: String {
        let place = socketDirectory.map { "?host=\($0)" } ?? ""
        return "postgres://\(user)@\(host):\(port)/\(database)\(place)"
    }

    /// The connection settings for PostgresNIO.
    func configuration() throws(CentralError) -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketDirectory {
            configuration = PostgresConnection.Configuration(
                unixSocketPath: socketDirectory + "/.s.PGSQL.\(port)",
                username: user,
                password: password,
                database: database
            )
        } else {
            let mode: PostgresConnection.Configuration.TLS
            switch tls {
            case .disable:
                mode = .disable
            case .prefer, .require:
                let context: NIOSSLContext
                do {
                    var settings = TLSConfiguration.makeClientConfiguration()
                    if let rootCertificate { settings.trustRoots = .file(rootCertificate) }
                    context = try NIOSSLContext(configuration: settings)
                } catch {
                    throw CentralError(.invalidConfiguration, "TLS cannot be set up: \(error)")
                }
                mode = tls == .require ? .require(context) : .prefer(context)
            }
            configuration = PostgresConnection.Configuration(
                host: host,
                port: port,
                username: user,
                password: password,
                database: database,
                tls: mode
            )
        }
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }
}
