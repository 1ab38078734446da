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
        let (configuration, loaded) = try Self.loadConfiguration(config, command: "counter")
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
            throw Hukou.failure(77, "counter: \(error.zh) / \(error.en)")
        }
    }

    /// Reads `explicit`, or the default file if it exists; `loaded` says whether a file was read.
    ///
    /// - Throws: `ExitCode` 78 after printing the problem.
    static func loadConfiguration(_ explicit: String?, command: String) throws
        -> (configuration: DaemonConfiguration, loaded: Bool)
    {
        let path = explicit ?? defaultConfigPath
        var configuration = DaemonConfiguration()
        guard explicit != nil || FileManager.default.fileExists(atPath: path) else { return (configuration, false) }
        do {
            try configuration.load(tomlFile: path)
        } catch {
            throw Hukou.failure(78, "\(command): 配置文件无法使用 / the configuration is unusable: \(error)")
        }
        return (configuration, true)
    }

    /// The business catalog of the configuration (`intent.catalog`), or the bundled one.
    static func catalog(_ configuration: DaemonConfiguration) throws -> BusinessCatalog {
        guard let path = configuration.catalogPath else { return .default }
        do {
            return try BusinessCatalog.load(overridesFrom: URL(fileURLWithPath: path))
        } catch {
            throw Hukou.failure(78, "counter: 业务目录无法使用 / the catalog is unusable: \(error)")
        }
    }
}
