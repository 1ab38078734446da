import Foundation
import HukouTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Headless Chromium driven through the W3C WebDriver protocol, spoken over HTTP to Debian's `chromedriver`, which
/// this object starts on a free loopback port and stops by its PID.
final class WebDriver {
    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: chromium)
            && FileManager.default.isExecutableFile(atPath: chromedriver)
    }

    private let driver: SpawnedProcess
    private let base: String
    private var session = ""

    /// Starts chromedriver and opens a browser session (1280×720, sound allowed without a click).
    init(logPath: String) async throws {
        let port = try freeLoopbackPort()
        base = "http://127.0.0.1:\(port)"
        driver = try SpawnedProcess(
            Self.chromedriver,
            ["--port=\(port)"],
            stdinPath: nil,
            stdoutPath: logPath,
            stderrPath: logPath
        )
        let statusURL = base + "/status"
        try await poll("chromedriver to answer", within: .seconds(20)) {
            (try? await httpRequest(statusURL))?.status == 200
        }
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": Self.chromium,
                        "args": [
                            "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,720",
                            "--autoplay-policy=no-user-gesture-required", "--disable-dev-shm-usage",
                        ],
                    ],
                ]
            ]
        ]
        let reply = try await Self.request("POST", base + "/session", body: capabilities)
        guard let value = reply["value"] as? [String: Any], let id = value["sessionId"] as? String else {
            driver.stop(signal: SIGTERM, timeout: .seconds(5))
            throw TestHarnessError("no WebDriver session: \(reply)")
        }
        session = id
    }

    /// Loads `url` in the browser.
    func open(_ url: String) async throws {
        _ = try await command("POST", "/url", ["url": url])
    }

    /// Runs `script` (a function body; `return` gives the value) in the page and returns its value.
    func run(_ script: String) async throws -> Any? {
        let reply = try await command("POST", "/execute/sync", ["script": script, "args": []])
        return reply["value"]
    }

    /// Runs `script` until it returns a string, or throws after `limit`; returns the string.
    func waitFor(_ what: String, within limit: Duration, script: String) async throws -> String {
        var found: String?
        try await poll(what, within: limit) {
            found = (try? await run(script)) as? String
            return found != nil
        }
        return found ?? ""
    }

    /// Writes a PNG of the visible page to `path`.
    func screenshot(to path: String) async throws {
        let reply = try await command("GET", "/screenshot", nil)
        guard let text = reply["value"] as? String, let data = Data(base64Encoded: text) else {
            throw TestHarnessError("no screenshot")
        }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// Ends the session and stops chromedriver (and its browser) by PID.
    func quit() async {
        if !session.isEmpty { _ = try? await Self.request("DELETE", base + "/session/\(session)", body: nil) }
        await driver.terminate(signal: SIGTERM, timeout: .seconds(5))
    }

    private func command(_ method: String, _ path: String, _ body: [String: Any]?) async throws -> [String: Any] {
        let reply = try await Self.request(method, base + "/session/\(session)" + path, body: body)
        if let value = reply["value"] as? [String: Any], let error = value["error"] as? String {
            throw TestHarnessError("WebDriver \(path): \(error): \(value["message"] ?? "")")
        }
        return reply
    }

    private static func request(_ method: String, _ url: String, body: [String: Any]?) async throws -> [String: Any] {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let reply = try await httpRequest(
            url,
            method: method,
            headers: data == nil ? [:] : ["Content-Type": "application/json"],
            body: data,
            timeout: .seconds(60)
        )
        return (try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any]) ?? [:]
    }
}

/// An HTTP reply read by a test.
struct HTTPReply {
    var status: Int
    var body: String
    var contentType: String
}

/// A plain HTTP request from the test, made with curl (Foundation's URLSession on Linux refuses chromedriver's
/// replies: "Failed writing header").
func httpRequest(
    _ url: String,
    method: String = "GET",
    headers: [String: String] = [:],
    body: Data? = nil,
    timeout: Duration = .seconds(10)
) async throws -> HTTPReply {
    let base = "/tmp/hk-http-\(UUID().uuidString.prefix(12))"
    defer { unlink(base + ".body") }
    var arguments = [
        "-s", "-S", "-X", method, "--max-time", String(timeout.components.seconds), "-o", base + ".body", "-w",
        "%{http_code} %{content_type}",
    ]
    for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
    var stdin: String?
    if let body {
        stdin = String(decoding: body, as: UTF8.self)
        arguments += ["--data-binary", "@-"]
    }
    arguments.append(url)
    let result = try await runCommand("/usr/bin/curl", arguments, stdin: stdin, timeout: timeout + .seconds(5))
    guard result.status == 0 else { throw TestHarnessError("curl \(method) \(url): \(result.stderr)") }
    let parts = result.stdout.split(separator: " ", maxSplits: 1).map(String.init)
    return HTTPReply(
        status: Int(parts.first ?? "") ?? 0,
        body: (try? String(contentsOfFile: base + ".body", encoding: .utf8)) ?? "",
        contentType: parts.count > 1 ? parts[1] : ""
    )
}
