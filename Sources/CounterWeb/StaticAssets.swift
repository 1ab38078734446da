public import Foundation
public import HTTPTypes
public import Hummingbird
import NIOCore

/// The pages' files, bundled with the module (plain HTML, CSS and JavaScript; no framework, nothing fetched from
/// elsewhere), read once at start. The district's pages use the same shared files (`common.css`, `common.js`).
public struct StaticAssets: Sendable {
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

    /// The shared files every page links, by name and content type.
    public static let sharedNames: [String: String] = [
        "common.css": "text/css; charset=utf-8",
        "common.js": "text/javascript; charset=utf-8",
    ]

    /// Every page and script may load only from this server.
    public static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; media-src 'self'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        .cacheControl: "no-cache",
    ]

    /// Reads the bundled files.
    ///
    /// - Throws: ``WebServiceError`` naming a file missing from the bundle.
    init() throws(WebServiceError) {
        try self.init(bundle: .module, names: Self.names)
    }

    /// Reads `names` (name → content type) from `bundle`'s `Resources` folder, and the shared files from this
    /// module's.
    ///
    /// - Throws: ``WebServiceError`` naming a file missing from its bundle.
    public init(bundle: Bundle, names: [String: String]) throws(WebServiceError) {
        var files = try Self.read(bundle, names)
        if bundle != .module { files.merge(try Self.read(.module, Self.sharedNames)) { own, _ in own } }
        self.files = files
    }

    private static func read(_ bundle: Bundle, _ names: [String: String]) throws(WebServiceError)
        -> [String: (type: String, body: ByteBuffer)]
    {
        var files: [String: (type: String, body: ByteBuffer)] = [:]
        for (name, type) in names {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            guard
                let url = bundle.url(
                    forResource: parts[0],
                    withExtension: parts[1],
                    subdirectory: "Resources"
                ),
                let data = try? Data(contentsOf: url)
            else {
                throw WebServiceError("bundled file \(name) is missing from \(bundle.bundlePath)")
            }
            files[name] = (type, ByteBuffer(bytes: data))
        }
        return files
    }

    /// The response for a bundled file, or `nil` for an unknown name.
    public func response(_ name: String) -> Response? {
        guard let file = files[name] else { return nil }
        var headers = Self.securityHeaders
        headers[.contentType] = file.type
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: file.body))
    }
}
