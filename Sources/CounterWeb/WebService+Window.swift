import CounterStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The window screens (`/window/N`, `/api/v1/window/N`) and their evaluation pads
/// (`POST /api/v1/window/N/evaluation`).
extension WebService {
    /// The header a pad sends its token in; a form on another site cannot set it.
    static let padTokenHeader = HTTPField.Name("X-Pad-Token")!
    /// The largest evaluation body accepted, in bytes.
    static let maximumEvaluationBody = 4096

    /// An evaluation as the pad sends it.
    struct EvaluationRequest: Decodable {
        var transactionID: Int64
        var level: String
        var reasons: [String]?
        var comment: String?
    }

    func addWindowRoutes(to router: Router<BasicRequestContext>, assets: StaticAssets) {
        let store = self.store
        let configuration = self.configuration
        let limiter = RateLimiter(limit: 20, per: .seconds(60))
        router.get("/window/:number") { _, context in
            _ = try Self.window(context, configuration)
            return assets.response("window.html") ?? WebError.notFound.response()
        }
        router.get("/api/v1/window/:number") { _, context in
            let window = try Self.window(context, configuration)
            let screen = try await WindowScreen.load(
                from: store,
                window: window,
                station: configuration.stationName,
                staff: configuration.staff,
                now: Date()
            )
            return Self.json(ByteBuffer(bytes: try WebJSON.encoder.encode(screen)))
        }
        router.post("/api/v1/window/:number/evaluation") { request, context in
            let window = try Self.window(context, configuration)
            guard limiter.allow(window) else {
                throw WebError(
                    .tooManyRequests,
                    .tooManyRequests,
                    zh: "请求过于频繁，请稍后再试",
                    en: "too many requests; wait a minute"
                )
            }
            guard let expected = configuration.padTokens[window],
                let given = request.headers[Self.padTokenHeader],
                Self.constantTimeEqual(given, expected)
            else {
                throw WebError(.badToken, .forbidden, zh: "此评价器未获授权", en: "this pad is not authorised for the window")
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: Self.maximumEvaluationBody)
            } catch {
                throw WebError(.malformedJSON, .contentTooLarge, zh: "请求内容过长", en: "the request body is too large")
            }
            let sent: EvaluationRequest
            do {
                sent = try JSONDecoder().decode(EvaluationRequest.self, from: Data(body.readableBytesView))
            } catch {
                throw WebError(.malformedJSON, .badRequest, zh: "请求格式错误", en: "the body is not the expected JSON")
            }
            let evaluation = try await Self.store(sent, window: window, in: store)
            return Self.json(ByteBuffer(bytes: try WebJSON.encoder.encode(evaluation)), status: .created)
        }
    }

    /// Validates and stores an evaluation, mapping the store's refusals to web errors.
    static func store(_ sent: EvaluationRequest, window: Int, in store: CounterStore) async throws -> Evaluation {
        guard let level = EvaluationLevel(rawValue: sent.level) else {
            throw WebError(.invalidField, .badRequest, zh: "评价等级无效", en: "level is not one of the five levels")
        }
        var reasons: [EvaluationReason] = []
        for text in sent.reasons ?? [] {
            guard let reason = EvaluationReason(rawValue: text), reasons.count < 16 else {
                throw WebError(.invalidField, .badRequest, zh: "原因无效", en: "reasons holds an unknown reason")
            }
            reasons.append(reason)
        }
        if level.isBad, reasons.isEmpty {
            throw WebError(.invalidField, .badRequest, zh: "请至少选择一项原因", en: "a bad level needs at least one reason")
        }
        if let comment = sent.comment, comment.count > Evaluation.maximumCommentLength {
            throw WebError(
                .invalidField,
                .badRequest,
                zh: "评价内容不能超过 \(Evaluation.maximumCommentLength) 字",
                en: "comment is longer than \(Evaluation.maximumCommentLength) characters"
            )
        }
        let id = TransactionID(rawValue: sent.transactionID)
        if try await store.evaluation(of: id) != nil {
            throw WebError(.alreadyEvaluated, .conflict, zh: "该业务已评价", en: "this transaction is already evaluated")
        }
        do {
            return try await store.evaluate(
                id,
                window: window,
                level: level,
                reasons: reasons,
                comment: sent.comment
            )
        } catch let error as CounterStoreError where error.code == .invalidInput {
            throw WebError(.invalidField, .badRequest, zh: "评价内容无效", en: error.message)
        } catch let error as CounterStoreError {
            _ = error
            throw WebError(
                .notEvaluable,
                .conflict,
                zh: "该业务不能在此窗口评价（未办结、已超时或已评价）",
                en: "this transaction cannot be evaluated at this window (not completed here, too late, or evaluated)"
            )
        }
    }

    /// The window number of the path, if the station has that window.
    static func window(_ context: BasicRequestContext, _ configuration: WebConfiguration) throws -> Int {
        guard let text = context.parameters.get("number"), let number = Int(text),
            configuration.windows.contains(number) || configuration.padTokens[number] != nil
        else {
            throw WebError(.unknownWindow, .notFound, zh: "没有这个窗口", en: "no such window")
        }
        return number
    }

    /// Compares two tokens in time independent of where they differ.
    static func constantTimeEqual(_ given: String, _ expected: String) -> Bool {
        Data(SHA256.hash(data: Data(given.utf8))) == Data(SHA256.hash(data: Data(expected.utf8)))
    }
}
