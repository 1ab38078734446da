import Foundation
import HukouTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The part of `hukou central stats --json` (and `/api/v1/district`) the dashboard shows.
private struct DistrictReply: Decodable {
    struct Total: Decodable {
        var business: String
        var taps: Int
        var completed: Int
        var waitingNow: Int
    }
    struct Figures: Decodable {
        struct Satisfaction: Decodable {
            var rate: Double?
            var openBad: Int
        }
        var total: Total
        var businesses: [Total]
        var satisfaction: Satisfaction
    }
    struct Station: Decodable {
        var station: String
        var backlog: Int
        var offline: Bool
        var lagging: Bool
        var longWaits: Int
        var statistics: Figures
    }
    var day: String
    var stations: [Station]
    var district: Figures
}

extension CounterProcessTests {
    /// The district's dashboard (`hukou central serve`) in headless Chromium, after the stations' day replicated.
    @Suite(
        "District dashboard in a browser",
        .serialized,
        .enabled(
            if: centralTestsRun && (WebDriver.available || ProcessInfo.processInfo.environment["CI"] == "true"),
            "needs PostgreSQL, sqlite3, chromium and chromium-driver (scripts/install-deps.sh --test)"
        )
    )
    struct CentralDashboardBrowserTests {
        @Test("/district shows every station's day as the central figures say; bad dates 400, no server 503; no names")
        func dashboard() async throws {
            try #require(WebDriver.available, "chromium and chromium-driver are needed")
            let rig = try await CentralRig.start("district")
            defer { rig.stop() }
            let stations = try await districtDay(
                rig,
                stations: [("yuzhong-jfb", "解放碑派出所"), ("fuling-ld", "李渡派出所"), ("wanzhou-gx", "高笋塘派出所")]
            )
            defer { for station in stations { station.remove() } }
            for station in stations { try await station.waitCaughtUp(rig) }
            for station in stations { #expect(await station.stop() == 0) }
            let day = stationToday()
            let stats = try await hukou("central", "stats", "--pg", rig.url, "--date", day, "--json")
            try #require(stats.status == 0, "\(stats.stderr)")
            let figures = try JSONDecoder().decode(DistrictReply.self, from: Data(stats.stdout.utf8))
            #expect(figures.stations.map(\.station) == stations.map(\.id).sorted())

            let port = try freeLoopbackPort()
            let base = "http://127.0.0.1:\(port)"
            let serve = try SpawnedProcess(
                HukouBinary.path,
                ["central", "serve", "--pg", rig.url, "--listen", "127.0.0.1", "--port", String(port)],
                stdinPath: nil,
                stdoutPath: rig.scratch.path("serve.log"),
                stderrPath: rig.scratch.path("serve.log")
            )
            defer { serve.stop(signal: SIGKILL, timeout: .seconds(5)) }
            try await poll("the dashboard to answer", within: .seconds(30)) {
                (try? await httpRequest(base + "/api/v1/district"))?.status == 200
            }
            let browser = try await WebDriver(logPath: rig.scratch.path("chromedriver.log"))
            do {
                try await browser.open(base + "/district")
                let shown = try await browser.waitFor(
                    "the station rows",
                    within: .seconds(20),
                    script: """
                        const rows = document.querySelectorAll('#stations tr[data-station]');
                        if (rows.length !== \(stations.count)) return null;
                        return JSON.stringify(Array.from(rows).map((r) => [r.dataset.station,
                            r.querySelector('td.status').dataset.status].concat(
                            Array.from(r.querySelectorAll('td.num')).map((td) => td.textContent))));
                        """
                )
                // Per row: id, status, waiting, long waits, taps, completed, wait, satisfaction, bad open, backlog.
                let rows = try JSONDecoder().decode([[String]].self, from: Data(shown.utf8))
                for (row, station) in zip(rows, figures.stations) {
                    let total = station.statistics.total
                    let rate = station.statistics.satisfaction.rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
                    let expected = [
                        station.station, "online", "\(total.waitingNow)", "\(station.longWaits)", "\(total.taps)",
                        "\(total.completed)",
                    ]
                    #expect(Array(row.prefix(6)) == expected, "\(row)")
                    #expect(row.count == 10 && row[7] == rate && row[8] == "\(station.statistics.satisfaction.openBad)")
                    #expect(row.last == "0", "backlog \(row)")
                    #expect(total.taps >= 11 && total.completed == 3, "\(station.station): \(total)")
                }
                let tiles =
                    try await browser.run(
                        "return Array.from(document.querySelectorAll('#tiles .tile .value')).map((v) => v.textContent);"
                    ) as? [String] ?? []
                let district = figures.district.total
                #expect(
                    tiles.count == 6 && tiles[0] == "\(stations.count) / \(stations.count)"
                        && tiles[1] == "\(district.taps)" && tiles[2] == "\(district.completed)"
                        && tiles[3] == "\(district.waitingNow)",
                    "\(tiles) vs \(district)"
                )
                #expect(district.taps == figures.stations.map(\.statistics.total.taps).reduce(0, +))
                let businesses =
                    try await browser.run(
                        """
                        return Array.from(document.querySelectorAll('#businesses tr[data-business]')).map((r) =>
                            r.dataset.business + ':' + r.querySelectorAll('td.num')[0].textContent);
                        """
                    ) as? [String] ?? []
                let expectedBusinesses = (figures.district.businesses + [district]).map { "\($0.business):\($0.taps)" }
                #expect(businesses == expectedBusinesses)
                try await browser.screenshot(to: artifactsFolder + "/district.png")

                // No name or ID number, full or masked, on the page, in its files or in the API.
                var texts = [try await browser.run("return document.documentElement.outerHTML;") as? String ?? ""]
                for path in ["/district", "/assets/district.js", "/api/v1/district", "/api/v1/district?date=\(day)"] {
                    texts.append(try await httpRequest(base + path).body)
                }
                for text in texts {
                    for forbidden in CentralStation.personalTexts {
                        #expect(!text.contains(forbidden), "the district view shows \(forbidden)")
                    }
                }

                // A malformed date: 400 with the JSON error.
                let bad = try await httpRequest(base + "/api/v1/district?date=bad")
                #expect(bad.status == 400 && bad.contentType.hasPrefix("application/json"), "\(bad)")
                let badError = try? JSONDecoder().decode(ErrorReply.self, from: Data(bad.body.utf8))
                #expect(badError?.error.code == "bad_date" && badError?.error.zh.isEmpty == false, "\(bad.body)")

                // The central server down: 503 with the JSON error at once, and the page says so.
                try await rig.server.stopServer()
                let started = ContinuousClock.now
                let down = try await httpRequest(base + "/api/v1/district", timeout: .seconds(20))
                #expect(ContinuousClock.now - started < .seconds(5), "the API took \(ContinuousClock.now - started)")
                #expect(down.status == 503 && down.contentType.hasPrefix("application/json"), "\(down)")
                let downError = try? JSONDecoder().decode(ErrorReply.self, from: Data(down.body.utf8))
                #expect(downError?.error.code == "store_unavailable", "\(down.body)")
                try await browser.open(base + "/district")
                let lost = try await browser.waitFor(
                    "the page to say the store is unavailable",
                    within: .seconds(10),
                    script: """
                        const link = document.getElementById('link');
                        return link.dataset.state === 'lost' ? link.textContent : null;
                        """
                )
                #expect(lost.contains("中心库暂不可用"), "\(lost)")
            } catch {
                Issue.record(
                    "\(error); serve: \((try? String(contentsOfFile: rig.scratch.path("serve.log"), encoding: .utf8)) ?? "")"
                )
            }
            await browser.quit()
            #expect(await serve.terminate(signal: SIGTERM, timeout: .seconds(10)) == 0)
        }
    }
}
