import CounterDaemon
import CounterStore
import HukouIntent
import Logging
import NFCReader
import ServiceLifecycle

/// The daemon in process for a benchmark: simulated readers, the default catalog, the given trusted keys, logs
/// silenced; started and waited on until every reader is ready.
struct BenchDaemon {
    let application: DaemonApplication
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    init(configuration: DaemonConfiguration, trusted: TrustedKeySet, label: String) async throws {
        let store = try CounterStore(path: configuration.databasePath)
        var logger = Logger(label: label)
        logger.logLevel = .critical
        application = DaemonApplication(
            configuration: configuration,
            store: store,
            verifier: IntentVerifier(catalog: .default, trustedKeys: trusted, policy: .default),
            logger: logger,
            makeReader: { SimulatedReader(name: $0.spec) },
            readTag: { try await $0.readNDEFContent() }
        )
        let group = application.makeServiceGroup(gracefulShutdownSignals: [])
        self.group = group
        running = Task { try await group.run() }
        while application.status().readers.contains(where: { $0.state != "ready" }) {
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Shuts the daemon down gracefully and waits for it.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await running.value
    }
}
