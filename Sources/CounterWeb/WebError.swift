import Foundation
public import HTTPTypes
public import Hummingbird
import NIOCore

/// A refused web request: an HTTP status and a JSON body `{"error": {"code", "zh", "en"}}`. Nothing was stored.
public struct WebError: Error, Sendable, HTTPResponseError {
    /// What went wrong, as a stable word.
    public enum Code: String, Sendable {
        case notFound = "not_found"
        case unknownWindow = "unknown_window"
        case badToken = "bad_token"
        case malformedJSON = "malformed_json"
        case invalidField = "invalid_field"
        case notEvaluable = "not_evaluable"
        case alreadyEvaluated = "already_evaluated"
        case tooManyRequests = "too_many_requests"
        case tooManyClients = "too_many_clients"
        case badDate = "bad_date"
        case storeUnavailable = "store_unavailable"
    }

    /// The code.
    public var code: Code
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The reason in Chinese.
    public var zh: String
    /// The reason in English.
    public var en: String

    /// A refusal with its status and reasons.
    public init(_ code: Code, _ status: HTTPResponse.Status, zh: String, en: String) {
        self.code = code
        self.status = status
        self.zh = zh
        self.en = en
    }

    /// The JSON response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// The JSON response, without a request.
    public func response() -> Response {
        struct Body: Encodable {
            struct Detail: Encodable {
                var code: String
                var zh: String
                var en: String
            }
            var error: Detail
        }
        let data = (try? WebJSON.encoder.encode(Body(error: .init(code: code.rawValue, zh: zh, en: en)))) ?? Data()
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
