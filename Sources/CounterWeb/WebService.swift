public import CounterStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
public import Logging
import NIOConcurrencyHelpers
import NIOCore
public import ServiceLifecycle

/// The hall's web server, one service of the daemon: the waiting-hall display (`/hall`) with its live updates
/// (server-sent events) and its JSON (`/api/v1/hall`).
///
/// It only reads the store, on its own connections, so a display — slow, dead, or one of hundreds — never holds
/// up a tap: the state is built once per change, and each display's stream holds at most one pending wake-up.
public struct WebService: Service {
    let configuration: WebConfiguration
    let store: CounterStore
    private let logger: Logger
    /// The hub the displays subscribe to.
    public let hub: HallHub
    /// The spoken calls.
    public let voice: VoiceSynthesizer

    /// A web service over `store`; nothing listens until ``run()``.
    public init(configuration: WebConfiguration, store: CounterStore, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        let voice = VoiceSynthesizer(
            espeakPath: configuration.espeakPath,
            directory: configuration.voiceCacheDirectory
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("hukou-voice").path,
            logger: logger
        )
        self.voice = voice
        hub = HallHub(
            store: store,
            configuration: configuration,
            logger: logger,
            audioPath: { voice.paths(for: $0) },
            onNewCalls: { calls in
                for call in calls { voice.prepare(call.announcement) }
            }
        )
    }

    /// Listens until graceful shutdown; the live streams are ended first so the server can stop.
    ///
    /// - Throws: ``WebServiceError`` when the address cannot be bound (a clear start-up error, not a daemon
    ///   without its hall) or a bundled page is missing.
    public func run() async throws {
        let assets = try StaticAssets()
        let listening = NIOLockedValueBox(false)
        let logger = self.logger
        let address = "\(configuration.host):\(configuration.port)"
        let application = Application(
            router: makeRouter(assets),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: nil,
                reuseAddress: true,
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.maximumEventClients + 64)
            ),
            onServerRunning: { _ in
                listening.withLockedValue { $0 = true }
                logger.info("web: listening", metadata: ["address": "http://\(address)"])
            },
            logger: logger
        )
        let hub = self.hub
        // The hall runs below the daemon's own work: its polling, its fan-out and every connection's task (child
        // tasks inherit the priority) are `.low`, so an executor that orders by priority runs a tap first.
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask(priority: Self.priority) { await hub.run() }
            group.addTask(priority: Self.priority) {
                do {
                    try await withGracefulShutdownHandler {
                        try await application.run()
                    } onGracefulShutdown: {
                        hub.close()
                    }
                } catch {
                    guard listening.withLockedValue({ $0 }) else {
                        throw WebServiceError("web: cannot listen on \(address): \(error)")
                    }
                    throw error
                }
            }
            // The server ends first (the hub polls until cancelled); then the hub is stopped.
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// The priority of the hall's tasks: below the tap path's.
    static let priority = TaskPriority.low

    private func makeRouter(_ assets: StaticAssets) -> Router<BasicRequestContext> {
        let router = Router()
        let hub = self.hub
        router.get("/") { _, _ in
            Response(status: .seeOther, headers: [.location: "/hall"])
        }
        router.get("/hall") { _, _ in
            assets.response("hall.html") ?? WebError.notFound.response()
        }
        router.get("/dashboard") { _, _ in
            assets.response("dashboard.html") ?? WebError.notFound.response()
        }
        let store = self.store
        router.get("/api/v1/stats") { request, _ in
            let day = request.uri.queryParameters.get("date") ?? store.stationDay()
            guard store.bounds(ofDay: day) != nil else {
                throw WebError(.badDate, .badRequest, zh: "日期格式应为 YYYY-MM-DD", en: "date must be YYYY-MM-DD")
            }
            return Self.json(
                ByteBuffer(bytes: try WebJSON.encoder.encode(try await StationStatistics.load(from: store, day: day)))
            )
        }
        addWindowRoutes(to: router, assets: assets)
        router.get("/assets/:name") { _, context in
            assets.response(context.parameters.get("name") ?? "") ?? WebError.notFound.response()
        }
        let voice = self.voice
        router.get("/voice/:name") { _, context in
            guard let name = context.parameters.get("name"), let url = await voice.audio(named: name),
                let data = try? Data(contentsOf: url)
            else { return WebError.notFound.response() }
            return Response(
                status: .ok,
                headers: [.contentType: "audio/wav", .cacheControl: "max-age=86400"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
            )
        }
        router.get("/api/v1/hall") { _, _ in
            try await Self.currentState(hub)
            return Self.json(hub.current.json)
        }
        router.get("/api/v1/hall/events") { _, _ in
            try await Self.currentState(hub)
            return Self.eventStream(hub)
        }
        return router
    }

    /// Makes sure the hub has a state (the first request may come before its first poll).
    private static func currentState(_ hub: HallHub) async throws {
        guard hub.current.state == nil else { return }
        do {
            try await hub.refresh()
        } catch {
            throw WebError(
                .storeUnavailable,
                .serviceUnavailable,
                zh: "暂时无法读取数据，请稍后重试",
                en: "the store cannot be read right now; try again"
            )
        }
    }

    static func json(_ body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: body)
        )
    }

    /// A stream of the whole state: once at once, then at every change; a comment line when idle.
    private static func eventStream(_ hub: HallHub) -> Response {
        guard let subscription = hub.subscribe() else {
            return WebError(
                .tooManyClients,
                .serviceUnavailable,
                zh: "连接的显示屏过多",
                en: "too many displays are connected"
            ).response()
        }
        let headers: HTTPFields = [
            .contentType: "text/event-stream; charset=utf-8",
            .cacheControl: "no-store",
            HTTPField.Name("X-Accel-Buffering")!: "no",
        ]
        return Response(
            status: .ok,
            headers: headers,
            body: ResponseBody { writer in
                defer { hub.unsubscribe(subscription) }
                var first = ByteBuffer(string: "retry: 1000\n\n")
                var sent = hub.current
                first.writeImmutableBuffer(sent.event)
                try await writer.write(first)
                for await _ in subscription.wakeUps {
                    let now = hub.current
                    if now.version != sent.version || now.day != sent.day {
                        try await writer.write(now.event)
                        sent = now
                    } else {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    }
                }
                try await writer.finish(nil)
            }
        )
    }
}

extension WebError {
    public static let notFound = WebError(.notFound, .notFound, zh: "没有这个页面", en: "no such page")
}
