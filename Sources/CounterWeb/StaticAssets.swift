import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The pages' files, bundled with the module (plain HTML, CSS and JavaScript; no framework, nothing fetched from
/// elsewhere), read once at start.
struct StaticAssets: Sendable {
    private let files: [String: (type: String, body: ByteBuffer)]

    /// The names served, with their content types.
    static let names: [String: String] = [
        "hall.html": "text/html; charset=utf-8",
        "hall.js": "text/javascript; charset=utf-8",
        "hall.css": "text/css; charset=utf-8",
        "common.css": "text/css; charset=utf-8",
        "common.js": "text/javascript; charset=utf-8",
        "dashboard.html": "text/html; charset=utf-8",
        "window.html": "text/html; charset=utf-8",
        "window.js": "text/javascript; charset=utf-8",
        "window.css": "text/css; charset=utf-8",
        "dashboard.js": "text/javascript; charset=utf-8",
        "dashboard.css": "text/css; charset=utf-8",
    ]

    /// Every page and script may load only from this server.
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; media-src 'self'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        .cacheControl: "no-cache",
    ]

    /// Reads the bundled files.
    ///
    /// - Throws: ``WebServiceError`` naming a file missing from the bundle.
    init() throws(WebServiceError) {
        var files: [String: (type: String, body: ByteBuffer)] = [:]
        for (name, type) in Self.names {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            guard
                let url = Bundle.module.url(
                    forResource: parts[0],
                    withExtension: parts[1],
                    subdirectory: "Resources"
                ),
                let data = try? Data(contentsOf: url)
            else {
                throw WebServiceError("bundled file \(name) is missing from \(Bundle.module.bundlePath)")
            }
            files[name] = (type, ByteBuffer(bytes: data))
        }
        self.files = files
    }

    /// The response for a bundled file, or `nil` for an unknown name.
    func response(_ name: String) -> Response? {
        guard let file = files[name] else { return nil }
        var headers = Self.securityHeaders
        headers[.contentType] = file.type
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: file.body))
    }
}
