import ArgumentParser
import CounterDaemon
import CounterStaff
import Foundation
import HukouIntent

extension Hukou.Counter {
    /// The configuration file read when `--config` is not given.
    static let defaultConfigPath = "/etc/hukou/counter.toml"

    /// Reads the configuration and decides database, key, socket, window and operator from the options and the
    /// process's identity.
    ///
    /// - Throws: `ExitCode` 77 after printing the refusal in both languages (unknown login, a path option under sudo,
    ///   `--operator` outside training mode …), 78 for an unusable configuration.
    func promptPlan() throws -> (plan: PromptPlan, configuration: DaemonConfiguration) {
        let path = config ?? Self.defaultConfigPath
        var configuration = DaemonConfiguration()
        var loaded = false
        if config != nil || FileManager.default.fileExists(atPath: path) {
            do {
                try configuration.load(tomlFile: path)
                loaded = true
            } catch {
                throw Self.failure("hukou counter: 配置文件无法使用 / the configuration is unusable: \(error)", status: 78)
            }
        }
        let request = PromptPlan.Request(
            db: db,
            storeKey: storeKey,
            control: control,
            config: config,
            window: window,
            operatorName: `operator`,
            training: training
        )
        let configured = PromptPlan.Configured(
            db: loaded ? configuration.databasePath : nil,
            storeKey: loaded ? configuration.storeKeyPath : nil,
            control: loaded ? configuration.controlSocketPath : nil,
            roster: configuration.staff,
            settings: configuration.counter
        )
        do {
            let plan = try PromptPlan.resolve(
                request,
                configured: configured,
                identity: .current(),
                resolver: StaffIdentityResolver(serviceAccount: configuration.counter.serviceAccount)
            )
            return (plan, configuration)
        } catch {
            throw Self.failure("hukou counter: \(error.zh)\n  \(error.en)", status: 77)
        }
    }

    /// The business catalog of the configuration (`intent.catalog`), or the bundled one.
    static func catalog(_ configuration: DaemonConfiguration) throws -> BusinessCatalog {
        guard let path = configuration.catalogPath else { return .default }
        do {
            return try BusinessCatalog.load(overridesFrom: URL(fileURLWithPath: path))
        } catch {
            throw failure("hukou counter: 业务目录无法使用 / the catalog is unusable: \(error)", status: 78)
        }
    }

    /// Prints `message` to standard error and returns the exit code to throw.
    static func failure(_ message: String, status: Int32) -> ExitCode {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return ExitCode(status)
    }
}
