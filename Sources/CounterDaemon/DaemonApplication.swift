public import CounterCentral
import CounterStaff
public import CounterStore
public import CounterWeb
import Foundation
public import HukouIntent
public import Logging
public import NDEF
public import NFCReader
public import ServiceLifecycle
public import UnixSignals

/// `hukou daemon`, assembled: the store, the intent verifier, one supervisor per reader, the tap pipeline and the
/// control socket, run as one `ServiceGroup` that shuts down gracefully on SIGTERM or SIGINT.
///
/// Shutdown order is the reverse of start: the control socket stops taking requests and answers those in flight,
/// then each reader supervisor finishes its tap in flight (commit and acknowledgement) and stops its reader.
public struct DaemonApplication: Sendable {
    /// The configuration it runs with.
    public let configuration: DaemonConfiguration
    /// The store taps are committed to.
    public let store: CounterStore
    /// The pipeline every tap goes through.
    public let pipeline: TapPipeline
    /// Routes control-socket taps to simulated readers.
    public let router: SimulatedTapRouter
    private let board: ReaderStatusBoard
    private let recentTaps = RecentTaps()
    /// The hall's web server, when `[web]` is configured.
    public let webService: WebService?
    /// The replication to the district's central store, when `[central]` is configured.
    public let replicator: Replicator?
    private let makeReader: @Sendable (ReaderBinding) throws -> any Reader
    private let logger: Logger

    /// Opens the store, loads the trusted keys and catalog, and wires the pipeline; nothing runs until ``run()``.
    ///
    /// - Parameters:
    ///   - makeReader: opens the reader a binding names (``ReaderFactory`` in the daemon).
    ///   - readTag: reads the NDEF message of a tag in a session (``TagActivator`` through `session.perform`).
    /// - Throws: ``DaemonConfigurationError`` naming the file that could not be used, or the store's error.
    public init(
        configuration: DaemonConfiguration,
        logger: Logger,
        makeReader: @escaping @Sendable (ReaderBinding) throws -> any Reader,
        readTag: @escaping @Sendable (any TagSession) async throws -> TagContent
    ) throws {
        try configuration.validate()
        var options = CounterStoreOptions()
        options.keyFilePath = configuration.storeKeyPath
        let store: CounterStore
        do {
            store = try CounterStore(path: configuration.databasePath, options: options)
        } catch {
            throw DaemonConfigurationError(.unreadableFile, "store \(configuration.databasePath): \(error)")
        }
        let catalog: BusinessCatalog
        if let path = configuration.catalogPath {
            do {
                catalog = try BusinessCatalog.load(overridesFrom: URL(fileURLWithPath: path))
            } catch {
                throw DaemonConfigurationError(.invalidFile, "catalog \(path): \(error)")
            }
        } else {
            catalog = .default
        }
        let keys: TrustedKeySet
        if let path = configuration.trustedKeysPath {
            do {
                keys = try TrustedKeySet.load(from: URL(fileURLWithPath: path))
            } catch {
                throw DaemonConfigurationError(.invalidFile, "trusted keys \(path): \(error)")
            }
        } else {
            keys = .empty
        }
        let verifier = IntentVerifier(catalog: catalog, trustedKeys: keys, policy: .default)
        var receipts: ReceiptIssuer?
        if let path = configuration.receiptKeyPath, let station = configuration.stationName {
            do {
                let key = try IntentSigningKey.load(from: URL(fileURLWithPath: path))
                receipts = ReceiptIssuer(key: key, station: station, store: store, logger: logger)
            } catch {
                throw DaemonConfigurationError(.invalidFile, "receipt key \(path): \(error)")
            }
        }
        self.init(
            configuration: configuration,
            store: store,
            verifier: verifier,
            logger: logger,
            makeReader: makeReader,
            receipts: receipts,
            readTag: readTag
        )
    }

    /// Wires a daemon around an open store and a verifier (tests use an in-memory store).
    public init(
        configuration: DaemonConfiguration,
        store: CounterStore,
        verifier: IntentVerifier,
        logger: Logger,
        makeReader: @escaping @Sendable (ReaderBinding) throws -> any Reader,
        receipts: ReceiptIssuer? = nil,
        readTag: @escaping @Sendable (any TagSession) async throws -> TagContent
    ) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        self.makeReader = makeReader
        self.pipeline = TapPipeline(
            verifier: verifier,
            store: store,
            logger: logger,
            unsignedCardsPerMinute: configuration.unsignedCardsPerMinute,
            receipts: receipts,
            readTag: readTag
        )
        self.router = SimulatedTapRouter(bindings: configuration.readers, timeout: configuration.controlTapTimeout)
        self.board = ReaderStatusBoard(bindings: configuration.readers)
        self.webService = configuration.web.map { web in
            var web = web
            web.windows = Array(Set(configuration.readers.map(\.window)).union(web.padTokens.keys)).sorted()
            web.voiceCacheDirectory = web.voiceCacheDirectory ?? configuration.databasePath + ".voice"
            web.staff = configuration.staff
            return WebService(configuration: web, store: store, logger: logger)
        }
        // A clerk is sent centrally as their staff number only, as the audit row recorded it (`姓名(警号)/login`);
        // readers, pads and trainees as nobody.
        self.replicator = configuration.central.map { central in
            Replicator(
                store: store,
                configuration: central,
                staffNumber: { StaffMember.AuditName(parsing: $0)?.number },
                logger: logger
            )
        }
    }

    /// The readers' states and the tap counts.
    public func status() -> DaemonStatus {
        DaemonStatus(
            pid: ProcessInfo.processInfo.processIdentifier,
            database: configuration.databasePath,
            readers: board.current,
            taps: pipeline.counters.current,
            replication: replicator?.status
        )
    }

    /// Answers one control request.
    public func handle(_ request: ControlRequest) async -> ControlResponse {
        switch request {
        case .status:
            return ControlResponse(status())
        case .recent(let after):
            return ControlResponse(recentTaps.after(after))
        case .tap(let reader, let ndef, let type):
            switch await router.tap(reader: reader, ndef: ndef, type: type) {
            case .success(let outcome): return ControlResponse(outcome)
            case .failure(let error): return ControlResponse(error)
            }
        }
    }

    /// The services in start order (the control socket last, so it is the first to stop).
    func services() -> [ServiceGroupConfiguration.ServiceConfiguration] {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = configuration.readers.map { binding in
            let pipeline = self.pipeline
            let recentTaps = self.recentTaps
            let supervisor = ReaderSupervisor(
                binding: binding,
                makeReader: makeReader,
                handleTap: { session, binding in
                    // The clerk's terminal learns of the tap when it is committed, before any receipt is written.
                    await pipeline.process(session, binding: binding) { outcome in
                        recentTaps.record(window: binding.window, outcome)
                    }
                },
                router: router,
                board: board,
                initialDelay: configuration.restartInitialDelay,
                maximumDelay: configuration.restartMaximumDelay,
                logger: logger
            )
            return .init(
                service: supervisor,
                successTerminationBehavior: .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup,
                serviceName: "reader \(binding)"
            )
        }
        services.append(
            .init(
                service: RetentionService(store: store, retentionDays: configuration.retentionDays, logger: logger),
                successTerminationBehavior: .ignore,
                failureTerminationBehavior: .ignore,
                serviceName: "retention"
            )
        )
        if let replicator {
            services.append(
                .init(
                    service: replicator,
                    successTerminationBehavior: .ignore,
                    failureTerminationBehavior: .ignore,
                    serviceName: "central replication"
                )
            )
        }
        if let web = webService {
            services.append(
                .init(
                    service: web,
                    successTerminationBehavior: .gracefullyShutdownGroup,
                    failureTerminationBehavior: .gracefullyShutdownGroup,
                    serviceName: "web"
                )
            )
        }
        if let path = configuration.controlSocketPath {
            let application = self
            let router = self.router
            let server = ControlSocketServer(
                path: path,
                maximumConnections: configuration.maximumControlConnections,
                logger: logger,
                handler: { request in await application.handle(request) },
                onShutdown: { await router.beginShutdown() }
            )
            services.append(
                .init(
                    service: server,
                    successTerminationBehavior: .gracefullyShutdownGroup,
                    failureTerminationBehavior: .gracefullyShutdownGroup,
                    serviceName: "control socket"
                )
            )
        }
        return services
    }

    /// The daemon's services as one group; ``run()`` runs it. Tests run it themselves and call
    /// `triggerGracefulShutdown()` instead of sending a signal.
    public func makeServiceGroup(gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint]) -> ServiceGroup {
        var group = ServiceGroupConfiguration(
            services: services(),
            gracefulShutdownSignals: gracefulShutdownSignals,
            logger: logger
        )
        group.maximumGracefulShutdownDuration = configuration.shutdownTimeout
        return ServiceGroup(configuration: group)
    }

    /// Runs until SIGTERM or SIGINT (graceful: the taps in flight finish) or until a service fails.
    public func run() async throws {
        logger.info(
            "daemon starting",
            metadata: [
                "database": "\(configuration.databasePath)",
                "readers": "\(configuration.readers.map(\.description).joined(separator: ", "))",
                "control": "\(configuration.controlSocketPath ?? "-")",
            ]
        )
        try await makeServiceGroup().run()
        logger.info("daemon stopped")
    }
}
