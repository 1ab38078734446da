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

        \(staffEntry())
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
                HukouBinary.path, "counter", "--config", try staffConfig(scratch: hall.scratch), "--db", hall.db,
                "--window", "1",
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

extension CounterProcessTests.HallBrowserTests {
    @Test("the window pad shows the materials, then the 好差评 pad; one click stores one evaluation; dashboard and voice")
    func windowPadAndDashboard() async throws {
        try #require(TmuxSession.available, "tmux is needed for the pseudo-terminal")
        try await HallDaemon.withHall("pad") { hall, browser, counter in
            try await browser.open(hall.base + "/window/1#token=" + HallDaemon.padToken)
            _ = try await browser.waitFor("the idle window", within: .seconds(10), script: viewIs("idle"))

            let id = try await hall.tapPhone()
            try await counter.type("确认 \(id)")
            try #require(try await counter.waitFor("票号", timeout: .seconds(5)) != nil, "\(counter.text)")
            try await counter.type("叫号")
            _ = try await browser.waitFor("the ticket served", within: .seconds(5), script: viewIs("serving"))
            let materials =
                try await browser.run(
                    "return Array.from(document.querySelectorAll('#materials li')).map(li => li.textContent).join('|');"
                ) as? String ?? ""
            #expect(materials.contains("居民身份证"), "materials shown: \(materials)")
            // The clerk who called, as the daemon's roster names them (staff data from the configuration).
            let clerk = try await browser.waitFor(
                "the clerk on the window screen",
                within: .seconds(5),
                script: "const c = document.getElementById('clerk'); return c && !c.hidden ? c.textContent : null;"
            )
            #expect(clerk.contains("工作人员 王警官 警号 010001"), "clerk shown: \(clerk)")
            #expect(clerk.contains("Staff 王警官 · staff no. 010001"), "clerk shown: \(clerk)")
            try await browser.screenshot(to: artifactsFolder + "/window-1-serving.png")

            try await counter.type("开始")
            try #require(try await counter.waitFor("开始办理", timeout: .seconds(5)) != nil, "\(counter.text)")
            // The clerk ticks the materials off before completing (the prompt refuses 办结 otherwise).
            try await counter.type("核验 1 2")
            try #require(try await counter.waitFor("(2/2)", timeout: .seconds(5)) != nil, "\(counter.text)")
            try await counter.type("办结")
            try #require(try await counter.waitFor("已办结", timeout: .seconds(5)) != nil, "\(counter.text)")
            _ = try await browser.waitFor("the evaluation pad", within: .seconds(5), script: viewIs("pad"))
            try await browser.screenshot(to: artifactsFolder + "/window-1.png")
            _ = try await browser.run(
                "document.querySelector('#levels button[data-level=\"very_satisfied\"]').click();"
            )
            _ = try await browser.waitFor("the thank-you screen", within: .seconds(5), script: viewIs("thanks"))
            let stored = try await evaluations(hall.db)
            #expect(stored.count == 1)
            #expect(stored.first?.level == "very_satisfied" && stored.first?.transactionID == id)

            // Refusals: a 4xx with a JSON error (code, zh, en), and nothing stored.
            let url = hall.base + "/api/v1/window/1/evaluation"
            let good = ["X-Pad-Token": HallDaemon.padToken, "Content-Type": "application/json"]
            let valid = Data(#"{"transactionID":\#(id),"level":"satisfied"}"#.utf8)
            let longText = String(repeating: "长", count: 201)
            let cases: [(String, String, [String: String], Data, Int, String)] = [
                ("second evaluation", url, good, valid, 409, "already_evaluated"),
                ("unknown window", hall.base + "/api/v1/window/9/evaluation", good, valid, 404, "unknown_window"),
                ("no token", url, ["Content-Type": "application/json"], valid, 403, "bad_token"),
                ("bad token", url, ["X-Pad-Token": "wrong-token-0123456789"], valid, 403, "bad_token"),
                ("malformed JSON", url, good, Data("{\"transactionID\":".utf8), 400, "malformed_json"),
                (
                    "not completed here", url, good, Data(#"{"transactionID":999,"level":"satisfied"}"#.utf8), 409,
                    "not_evaluable"
                ),
                (
                    "bad level without a reason", url, good,
                    Data(#"{"transactionID":\#(id),"level":"dissatisfied"}"#.utf8), 400, "invalid_field"
                ),
                (
                    "over-long text", url, good,
                    Data(
                        #"{"transactionID":\#(id),"level":"dissatisfied","reasons":["slow"],"comment":"\#(longText)"}"#
                            .utf8
                    ), 400, "invalid_field"
                ),
            ]
            for (what, target, headers, body, status, code) in cases {
                let reply = try await httpRequest(target, method: "POST", headers: headers, body: body)
                #expect(reply.status == status, "\(what): \(reply.status) \(reply.body)")
                let error = try? JSONDecoder().decode(ErrorReply.self, from: Data(reply.body.utf8))
                #expect(error?.error.code == code, "\(what): \(reply.body)")
                #expect(error?.error.zh.isEmpty == false && error?.error.en.isEmpty == false, "\(what)")
            }
            #expect(try await evaluations(hall.db).count == 1, "a refused request stored something")

            // The call's spoken audio: a WAV file of plausible length.
            let state = try await httpRequest(hall.base + "/api/v1/hall")
            let audio = try #require(
                (try? JSONDecoder().decode(HallReply.self, from: Data(state.body.utf8)))?.calls.last?.audio.first
            )
            let wav = hall.scratch.path("call.wav")
            let fetched = try await runCommand("/usr/bin/curl", ["-s", "-f", "-o", wav, hall.base + audio])
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/espeak-ng") {
                #expect(fetched.status == 0, "no audio at \(audio)")
                let seconds = wavSeconds(try Data(contentsOf: URL(fileURLWithPath: wav)))
                #expect((seconds ?? 0) > 2 && (seconds ?? 0) < 12, "\(seconds ?? 0) s of audio")
            }

            // The dashboard and the command line agree: one tap, one completed, 100 % satisfied.
            try await browser.open(hall.base + "/dashboard")
            let taps = try await browser.waitFor(
                "the dashboard's figures",
                within: .seconds(10),
                script: "const c = document.querySelector('#businesses tr[data-business=\"*\"] td:nth-child(2)');"
                    + " return c ? c.textContent : null;"
            )
            #expect(taps == "1")
            let rate =
                try await browser.run(
                    "return Array.from(document.querySelectorAll('.tile')).map(t => t.textContent).join('|');"
                ) as? String ?? ""
            #expect(rate.contains("100.0%"), "\(rate)")
            try await browser.screenshot(to: artifactsFolder + "/dashboard.png")
            let stats = try await hukou("stats", "--db", hall.db, "--json")
            let figures = try JSONDecoder().decode(StatsReply.self, from: Data(stats.stdout.utf8))
            #expect(figures.total.taps == 1 && figures.total.completed == 1 && figures.satisfaction.rate == 1)

            // No name or ID number of a citizen on any page or API response. (The clerk's display name and staff
            // number are staff data from the configuration and are meant to be shown; they are not checked here.)
            for path in ["/window/1", "/api/v1/window/1", "/api/v1/stats", "/dashboard", "/assets/window.js"] {
                let text = try await httpRequest(hall.base + path).body
                for forbidden in ["张小明", "张*明", "110101199003070011", "110***********0011", "masked"] {
                    #expect(!text.contains(forbidden), "\(path) shows \(forbidden)")
                }
            }
        }
    }

    @Test("a web address that cannot be bound stops the daemon at start with the reason")
    func bindFailure() async throws {
        let scratch = try ScratchDirectory("bind")
        defer { scratch.remove() }
        let holder = try HTTPPortHolder()
        let config = scratch.path("hukou.toml")
        try "[web]\nport = \(holder.port)\n".write(toFile: config, atomically: true, encoding: .utf8)
        let result = try await hukou(
            "daemon",
            "--config",
            config,
            "--db",
            scratch.path("counter.sqlite"),
            "--reader",
            "sim:w1@1",
            timeout: .seconds(30)
        )
        #expect(result.status != 0)
        #expect(result.stderr.contains("web: cannot listen on 127.0.0.1:\(holder.port)"), "\(result.stderr)")
    }
}

private func viewIs(_ view: String) -> String {
    "return document.body.dataset.view === '\(view)' ? 'yes' : null;"
}

private func evaluations(_ db: String) async throws -> [EvaluationRow] {
    let result = try await hukou("evaluation", "list", "--db", db, "--json")
    guard result.status == 0 else { throw TestHarnessError("evaluation list: \(result.stderr)") }
    return try JSONDecoder().decode([EvaluationRow].self, from: Data(result.stdout.utf8))
}

private struct EvaluationRow: Decodable {
    var transactionID: Int64
    var level: String
}

/// A JSON error answer of the web pages: `{"error": {"code", "zh", "en"}}`.
struct ErrorReply: Decodable {
    struct Detail: Decodable {
        var code: String
        var zh: String
        var en: String
    }
    var error: Detail
}

private struct HallReply: Decodable {
    struct Call: Decodable { var audio: [String] }
    var calls: [Call]
}

private struct StatsReply: Decodable {
    struct Total: Decodable {
        var taps: Int
        var completed: Int
    }
    struct Rate: Decodable { var rate: Double? }
    var total: Total
    var satisfaction: Rate
}
