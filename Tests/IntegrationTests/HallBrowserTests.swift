import Foundation
import HukouTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A daemon with its hall (`[web]`) on a free loopback port, for the browser tests.
struct HallDaemon {
    let scratch: ScratchDirectory
    let intents: ProcessIntents
    let db: String
    let socket: String
    let port: Int
    let daemon: DaemonProcess
    static let padToken = "pad-token-window-1-0123456789"

    var base: String { "http://127.0.0.1:\(port)" }

    static func start(_ label: String, extraWeb: String = "") async throws -> HallDaemon {
        let scratch = try ScratchDirectory(label)
        let intents = try ProcessIntents(scratch: scratch)
        let db = scratch.path("counter.sqlite")
        let socket = scratch.path("control.sock")
        let port = try freeLoopbackPort()
        let config = scratch.path("hukou.toml")
        try """
        [web]
        listen = "127.0.0.1"
        port = \(port)
        station_name = "测试派出所户籍窗口"
        \(extraWeb)
        [web.pad_tokens]
        1 = "\(padToken)"
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try await DaemonProcess(
            arguments: [
                "--config", config, "--db", db, "--reader", "sim:window1@1", "--reader", "sim:window2@2", "--keys",
                intents.trustedKeysPath,
            ],
            socketPath: socket,
            logPath: scratch.path("daemon.log")
        )
        let hall = HallDaemon(
            scratch: scratch,
            intents: intents,
            db: db,
            socket: socket,
            port: port,
            daemon: daemon
        )
        try await poll("the hall to answer", within: .seconds(15)) {
            (try? await httpRequest(hall.base + "/api/v1/hall"))?.status == 200
        }
        return hall
    }

    /// Taps a signed phone intent (name and ID number inside) on window 1; returns the transaction id.
    func tapPhone() async throws -> Int64 {
        let hex = try await intents.phone(nonce: UUID().uuidString.replacingOccurrences(of: "-", with: ""))
        let tapped = try await hukou("tap", "--control", socket, "--reader", "window1", "--hex", hex)
        let reply = try #require(TapReply.parse(tapped), "tap failed: \(tapped.stderr) \(daemon.log(tail: 20))")
        return reply.transactionID
    }

    func stop() async {
        await daemon.stop(signal: SIGTERM)
        scratch.remove()
    }

    /// Runs `body` with this daemon, a browser and a clerk's counter at window 1; stops all three whatever happens.
    static func withHall(
        _ label: String,
        _ body: (HallDaemon, WebDriver, TmuxSession) async throws -> Void
    ) async throws {
        let hall = try await HallDaemon.start(label)
        var browser: WebDriver?
        var counter: TmuxSession?
        do {
            let driver = try await WebDriver(logPath: hall.scratch.path("chromedriver.log"))
            browser = driver
            let clerk = try await TmuxSession(command: [
                HukouBinary.path, "counter", "--db", hall.db, "--window", "1", "--operator", "王警官",
            ])
            counter = clerk
            try #require(try await clerk.waitFor("窗口1>", timeout: .seconds(15)) != nil, "\(clerk.text)")
            try await body(hall, driver, clerk)
        } catch {
            Issue.record("\(error); daemon: \(hall.daemon.log(tail: 30)); counter: \(counter?.text ?? "")")
        }
        if let counter {
            try? await counter.type("quit")
            counter.kill()
        }
        await browser?.quit()
        await hall.stop()
    }
}

/// Where the browser tests leave their screenshots (git-ignored).
let artifactsFolder = HukouBinary.packageRoot.appendingPathComponent(".build/artifacts").path

extension CounterProcessTests {
    /// The hall's pages in a real browser: headless Chromium through WebDriver, against a daemon, a real `hukou tap`
    /// and a real `hukou counter`.
    @Suite(
        "Hall in a browser",
        .serialized,
        .enabled(if: WebDriver.available, "needs chromium and chromium-driver (scripts/install-deps.sh --test)")
    )
    struct HallBrowserTests {
        @Test("a call typed at the counter appears on the open hall page by server-sent event, without a reload")
        func callReachesTheHall() async throws {
            try #require(TmuxSession.available, "tmux is needed for the pseudo-terminal")
            try await HallDaemon.withHall("hall") { hall, browser, counter in
                try await browser.open(hall.base + "/hall")
                _ = try await browser.waitFor(
                    "the first state",
                    within: .seconds(10),
                    script: "return document.body.dataset.version || null;"
                )
                // A marker that a reload would erase.
                _ = try await browser.run("window.hallMarker = 'same page'; return null;")

                let id = try await hall.tapPhone()
                try await counter.type("确认 \(id)")
                try #require(try await counter.waitFor("票号", timeout: .seconds(5)) != nil, "\(counter.text)")
                let rows = try await queueList(db: hall.db)
                let ticket = try #require(rows.first { $0.id == id }?.ticket)
                try await counter.type("叫号")
                let banner = try await browser.waitFor(
                    "the call on the hall page",
                    within: .seconds(5),
                    script: """
                        const item = document.querySelector('#calls li');
                        if (!item || item.dataset.ticket !== '\(ticket)') return null;
                        return document.getElementById('banner-zh').textContent;
                        """
                )
                #expect(banner == "请\(ticket)号到1号窗口办理")
                let marker = try await browser.run("return window.hallMarker || null;") as? String
                #expect(marker == "same page", "the page was reloaded")
                let windowTicket = try await browser.run(
                    "return document.querySelector('#windows tr[data-window=\"1\"] .ticket')?.textContent || null;"
                )
                #expect(windowTicket as? String == ticket)
                try await browser.screenshot(to: artifactsFolder + "/hall.png")

                // No name or ID number, full or masked, in any page or API response, nor in the live DOM.
                let dom = try await browser.run("return document.documentElement.outerHTML;") as? String ?? ""
                var texts = [dom]
                for path in ["/hall", "/assets/hall.js", "/assets/common.js", "/api/v1/hall"] {
                    texts.append(try await httpRequest(hall.base + path).body)
                }
                for text in texts {
                    for forbidden in ["张小明", "张*明", "110101199003070011", "110***********0011", "maskedName"] {
                        #expect(!text.contains(forbidden), "a hall page shows \(forbidden)")
                    }
                }
            }
        }
    }
}
