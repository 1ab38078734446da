import CounterStore
public import CounterWeb
public import Foundation
import HTTPTypes
import Hummingbird
public import Logging
import NIOConcurrencyHelpers
import NIOCore
public import ServiceLifecycle

/// The district's dashboard (`/district`) and its JSON (`/api/v1/district?date=`), served by `hukou central serve`
/// with the station pages' stack and conventions: bundled files only, the same shared script and style, errors as
/// `{"error": {"code", "zh", "en"}}`. Each request reads the central store on a fresh connection, so a restarted
/// PostgreSQL is picked up by the next refresh. No personal data: the central store holds none.
public struct DistrictWeb: Service {
    let database: CentralDatabase
    let host: String
    let port: Int
    let thresholds: DistrictStatistics.Thresholds
    private let logger: Logger

    static let names: [String: String] = [
        "district.html": "text/html; charset=utf-8",
        "district.js": "text/javascript; charset=utf-8",
        "district.css": "text/css; charset=utf-8",
    ]

    /// A dashboard over `database`; nothing listens until ``run()``.
    public init(
        database: CentralDatabase,
        host: String,
        port: Int,
        thresholds: DistrictStatistics.Thresholds = .init(),
        logger: Logger
    ) {
        self.database = database
        self.host = host
        self.port = port
        self.thresholds = thresholds
        self.logger = logger
    }

    /// Today in the district's time zone (`yyyy-MM-dd`).
    public static func today(_ zone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// Listens until graceful shutdown.
    ///
    /// - Throws: ``WebServiceError`` when the address cannot be bound or a bundled file is missing.
    public func run() async throws {
        let assets = try StaticAssets(bundle: .module, names: Self.names)
        let listening = NIOLockedValueBox(false)
        let logger = self.logger
        let address = "\(host):\(port)"
        let router = Router()
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/district"]) }
        router.get("/district") { _, _ in assets.response("district.html") ?? WebError.notFound.response() }
        router.get("/assets/:name") { _, context in
            assets.response(context.parameters.get("name") ?? "") ?? WebError.notFound.response()
        }
        let database = self.database
        let thresholds = self.thresholds
        router.get("/api/v1/district") { request, _ in
            let day = request.uri.queryParameters.get("date").map { String($0) } ?? Self.today()
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current
            guard CounterStore.bounds(ofDay: day, in: calendar) != nil else {
                throw WebError(.badDate, .badRequest, zh: "日期格式应为 YYYY-MM-DD", en: "date must be YYYY-MM-DD")
            }
            let figures: DistrictStatistics
            do {
                let client = try await CentralClient.connect(database, logger: logger)
                do {
                    figures = try await client.districtStatistics(day: day, thresholds: thresholds)
                } catch {
                    await client.close()
                    throw error
                }
                await client.close()
            } catch {
                logger.warning("district: central store unavailable", metadata: ["error": "\(error)"])
                throw WebError(
                    .storeUnavailable,
                    .serviceUnavailable,
                    zh: "中心库暂不可用，请稍后刷新",
                    en: "the central store is unavailable; refresh later"
                )
            }
            var headers = StaticAssets.securityHeaders
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(
                status: .ok,
                headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: try StationStatistics.jsonEncoder.encode(figures)))
            )
        }
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: nil, reuseAddress: true),
            onServerRunning: { _ in
                listening.withLockedValue { $0 = true }
                logger.notice("district: listening", metadata: ["address": "http://\(address)/district"])
            },
            logger: logger
        )
        do {
            try await application.run()
        } catch {
            guard listening.withLockedValue({ $0 }) else {
                throw CentralError(.invalidConfiguration, "cannot listen on \(address): \(error)")
            }
            throw error
        }
    }
}
