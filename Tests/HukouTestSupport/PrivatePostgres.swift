public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A PostgreSQL server of a test's own: a cluster made by `initdb` in a temporary directory, listening only on a Unix
/// socket in that directory (no TCP), started and stopped by its PID. Nothing depends on a system-wide PostgreSQL
/// service. As root (CI), the server runs as the `postgres` account (initdb refuses root), through `setpriv`, which
/// execs, so the PID held is the postmaster's own.
public final class PrivatePostgres: @unchecked Sendable {
    // Invariant: used by one test at a time; state changes only in its own methods.
    /// The cluster's folder (data, socket, log).
    public let directory: URL
    /// The port that names the socket file.
    public let port: Int
    /// The database the tests use.
    public let database = "hukou_central"
    /// The server's process, while it runs.
    public private(set) var server: Process?
    private var starts = 0

    /// The `--pg` URL of ``database`` over the private socket, as the superuser `hukou`.
    public var url: String { "postgres://hukou@localhost:\(port)/\(database)?host=\(directory.path)&sslmode=disable" }
    /// The server's log.
    public var log: URL { directory.appendingPathComponent("server.log") }

    /// The folder of Debian's PostgreSQL programs (the newest installed major version).
    static var binDirectory: String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap { Int($0) }
        for version in versions.sorted().reversed() {
            let bin = "\(root)/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: bin + "/postgres") { return bin }
        }
        return nil
    }

    /// Why no private server can run here, or nil when it can.
    public static var unavailableReason: String? {
        guard binDirectory != nil else { return "PostgreSQL is not installed (scripts/install-deps.sh --test)" }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/psql") else { return "psql is missing" }
        if geteuid() == 0, getpwnam("postgres") == nil { return "no postgres account to run the server as" }
        return nil
    }

    /// Whether the PostgreSQL tests run: when the server is installed, and always under `CI=true` (where a missing
    /// prerequisite must fail the test rather than skip it).
    public static var shouldRun: Bool {
        unavailableReason == nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// Makes a new cluster in a fresh temporary directory (owned by `postgres` when running as root).
    public init() throws {
        guard let bin = Self.binDirectory else { throw TestHarnessError("PostgreSQL is not installed") }
        let directory = URL(fileURLWithPath: "/tmp/hukou-pg-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        self.port = try freeLoopbackPort()
        if geteuid() == 0, let account = getpwnam("postgres") {
            guard chown(directory.path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                throw TestHarnessError("cannot hand \(directory.path) to postgres")
            }
        }
        chmod(directory.path, 0o700)
        try Self.run(
            "\(bin)/initdb",
            [
                "-D", directory.appendingPathComponent("data").path, "-A", "trust", "-U", "hukou", "-E", "UTF8",
                "--locale=C", "--no-sync",
            ],
            log: directory.appendingPathComponent("initdb.log")
        )
    }

    deinit {
        stop()
    }

    /// The `--pg` URL of ``database`` over TCP on 127.0.0.1 (only after ``start(tlsCertificate:key:)``).
    public func tcpURL(sslmode: String, rootCertificate: String? = nil) -> String {
        let root = rootCertificate.map { "&sslrootcert=\($0)" } ?? ""
        return "postgres://hukou@127.0.0.1:\(port)/\(database)?sslmode=\(sslmode)\(root)"
    }

    /// Starts the server and waits until it answers; makes ``database`` the first time. With a certificate and
    /// key (PEM files), it also listens on 127.0.0.1:``port`` with TLS.
    public func start(tlsCertificate: String? = nil, key: String? = nil) async throws {
        guard let bin = Self.binDirectory else { throw TestHarnessError("PostgreSQL is not installed") }
        starts += 1
        if !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            if geteuid() == 0, let account = getpwnam("postgres") {
                chown(log.path, account.pointee.pw_uid, account.pointee.pw_gid)
            }
        }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        let process = Process()
        var arguments = [
            "\(bin)/postgres", "-D", directory.appendingPathComponent("data").path, "-k", directory.path,
            "-p", "\(port)", "-c", "fsync=off", "-c", "max_connections=200", "-c", "cluster_name=\(clusterName)",
        ]
        if let tlsCertificate, let key {
            arguments += [
                "-c", "listen_addresses=127.0.0.1", "-c", "ssl=on", "-c", "ssl_cert_file=\(tlsCertificate)",
                "-c", "ssl_key_file=\(key)",
            ]
        } else {
            arguments += ["-c", "listen_addresses="]
        }
        (process.executableURL, process.arguments) = Self.asPostgres(arguments)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        server = process
        do {
            try await poll("PostgreSQL to accept connections", within: .seconds(60)) {
                (try? self.psql("SELECT 1", database: "postgres")) != nil
            }
        } catch {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw TestHarnessError("\(error); the server's log ends with: \(text.suffix(600))")
        }
        if starts == 1 { _ = try psql("CREATE DATABASE \(database)", database: "postgres") }
    }

    /// Stops the server by its PID with a fast shutdown (SIGINT) and waits for it to exit.
    public func stopServer() async throws {
        guard let process = server else { return }
        server = nil
        kill(process.processIdentifier, SIGINT)
        try await poll("PostgreSQL to exit", within: .seconds(60)) { !process.isRunning }
    }

    /// Kills the postmaster with SIGKILL, as a crash would, and waits until its backends are gone too (the next
    /// start then runs crash recovery).
    public func crash() async throws {
        guard let process = server else { return }
        server = nil
        kill(process.processIdentifier, SIGKILL)
        try await poll("PostgreSQL to die", within: .seconds(30)) { !process.isRunning }
        // Its children notice the postmaster's death and exit; a new server may not start while they hold the
        // shared memory. Their process titles carry the cluster name.
        let pattern = "postgres: \(clusterName):"
        try await poll("the server's children to exit", within: .seconds(30)) {
            (try? Self.capture("/usr/bin/pgrep", ["-f", pattern])) == nil
        }
    }

    /// The cluster's name in its process titles.
    var clusterName: String { "hukou-test-\(port)" }

    /// Runs one SQL text with psql on ``database`` (or `db`) and returns its unaligned output.
    @discardableResult
    public func psql(_ sql: String, database db: String? = nil) throws -> String {
        try Self.capture(
            "/usr/bin/psql",
            [
                "-h", directory.path, "-p", "\(port)", "-U", "hukou", "-d", db ?? database, "-X", "-q", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-c", sql,
            ]
        )
    }

    /// Makes a CA and a server certificate for 127.0.0.1 and localhost signed by it, in ``directory`` (the key
    /// readable by the server's account only); returns the paths (CA, certificate, key).
    public func makeCertificates() throws -> (ca: String, certificate: String, key: String) {
        let dir = directory.path
        let steps: [[String]] = [
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=hukou test CA", "-keyout", "\(dir)/ca.key", "-out", "\(dir)/ca.pem",
            ],
            [
                "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=127.0.0.1",
                "-keyout", "\(dir)/server.key", "-out", "\(dir)/server.csr",
            ],
            [
                "x509", "-req", "-in", "\(dir)/server.csr", "-CA", "\(dir)/ca.pem", "-CAkey", "\(dir)/ca.key",
                "-CAcreateserial", "-days", "2", "-out", "\(dir)/server.pem", "-extfile", "\(dir)/san.cnf",
            ],
        ]
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\n".write(
            toFile: "\(dir)/san.cnf",
            atomically: true,
            encoding: .utf8
        )
        for step in steps { _ = try Self.capture("/usr/bin/openssl", step) }
        chmod("\(dir)/server.key", 0o600)
        if geteuid() == 0, let account = getpwnam("postgres") {
            for file in ["server.key", "server.pem"] {
                chown("\(dir)/\(file)", account.pointee.pw_uid, account.pointee.pw_gid)
            }
        }
        return ("\(dir)/ca.pem", "\(dir)/server.pem", "\(dir)/server.key")
    }

    /// Stops the server if it runs (SIGKILL as a last resort) and removes the directory.
    public func stop() {
        if let process = server, process.isRunning {
            kill(process.processIdentifier, SIGINT)
            for _ in 0..<200 where process.isRunning { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        server = nil
        try? FileManager.default.removeItem(at: directory)
    }

    /// `arguments` run as the `postgres` account when this process is root, else as they are.
    static func asPostgres(_ arguments: [String]) -> (URL, [String]) {
        if geteuid() == 0 {
            return (
                URL(fileURLWithPath: "/usr/bin/setpriv"),
                ["--reuid=postgres", "--regid=postgres", "--init-groups", "--"] + arguments
            )
        }
        return (URL(fileURLWithPath: arguments[0]), Array(arguments.dropFirst()))
    }

    static func run(_ program: String, _ arguments: [String], log: URL) throws {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        (process.executableURL, process.arguments) = asPostgres([program] + arguments)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw TestHarnessError("\(program) failed: \(text.suffix(600))")
        }
    }

    /// Runs `program` and returns its standard output, trimmed; throws with its standard error when it fails.
    public static func capture(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestHarnessError("\(program) failed: \(String(decoding: errors, as: UTF8.self).suffix(400))")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
