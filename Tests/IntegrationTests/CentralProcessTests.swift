import Foundation
import HukouTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Today in the stations' time zone (Asia/Shanghai, the default of `hukou central register`).
func stationToday() -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date())
}

/// Three stations' work while they replicate: taps, every clerk action, evaluations from the pad. Returns the
/// stations, their daemons running.
func districtDay(_ rig: CentralRig, stations names: [(String, String)]) async throws -> [CentralStation] {
    var stations: [CentralStation] = []
    do {
        for (id, name) in names {
            let station = try await CentralStation(id, name: name, rig: rig)
            stations.append(station)
            let mode =
                (try FileManager.default.attributesOfItem(atPath: station.secretFile)[.posixPermissions]
                as? NSNumber)?.intValue
            #expect(mode == 0o600, "the secret file of \(id) has mode \(String(mode ?? 0, radix: 8))")
            try await station.start()
        }
        for (index, station) in stations.enumerated() {
            let ids = try await station.tapPhones(9 + index)
            try await station.serve(ids, completed: 3)
            let card = try await station.intents.card("HH_BOOKLET", window: 2)
            let tapped = try await hukou(
                "tap",
                "--control",
                station.socket,
                "--reader",
                "window2",
                "--hex",
                card,
                "--tag-type",
                "2"
            )
            #expect(TapReply.parse(tapped) != nil, "\(tapped.stderr)")
            let done = try await queueList(db: station.db).filter { $0.state == "completed" }.map(\.id)
            try #require(done.count == 3, "\(station.id): \(done)")
            #expect(try await station.evaluate(done[0], level: "very_satisfied") == 201)
            #expect(try await station.evaluate(done[1], level: "dissatisfied", reasons: ["slow"]) == 201)
            // More taps after the clerk's work, while the earlier rows are still being sent.
            try await station.tapPhones(2)
        }
    } catch {
        for station in stations { station.remove() }
        throw error
    }
    return stations
}

extension CounterProcessTests {
    /// The district's central store with real processes: a private PostgreSQL, `hukou central migrate|register`,
    /// station daemons replicating through `[central]`, and the checks an operator would make.
    @Suite(
        "Central store end to end",
        .serialized,
        .enabled(if: centralTestsRun, "needs PostgreSQL and sqlite3 (scripts/install-deps.sh --test)")
    )
    struct CentralProcessTests {
        @Test("three stations replicate while they work; the district's figures equal each station's own")
        func threeStations() async throws {
            let rig = try await CentralRig.start("central")
            defer { rig.stop() }
            let stations = try await districtDay(
                rig,
                stations: [("yuzhong-jfb", "解放碑派出所"), ("fuling-ld", "李渡派出所"), ("wanzhou-gx", "高笋塘派出所")]
            )
            defer { for station in stations { station.remove() } }
            let day = stationToday()

            for station in stations {
                try await station.waitCaughtUp(rig)
                let status = try await station.replication()
                #expect(status.state == "idle" && status.backlog == 0 && status.lastError == nil, "\(status)")
                let head = try await station.auditHead()
                // Many batches of 7: the central copy recorded one anchor per batch that moved the head.
                let anchors =
                    Int(
                        try rig.server.psql(
                            "SELECT count(*) FROM hukou_central.anchors WHERE station_id = '\(station.id)'"
                        )
                    ) ?? 0
                #expect(anchors >= Int(head) / 7, "\(station.id): \(anchors) anchors for \(head) rows")
                try await station.expectExactlyOnce(rig)

                let local = try await hukou("stats", "--db", station.db, "--date", day, "--json")
                let central = try await hukou(
                    "central",
                    "stats",
                    "--pg",
                    rig.url,
                    "--station",
                    station.id,
                    "--date",
                    day,
                    "--json"
                )
                #expect(local.status == 0 && central.status == 0, "\(local.stderr) \(central.stderr)")
                #expect(
                    central.stdout == local.stdout,
                    "\(station.id): central \(central.stdout) local \(local.stdout)"
                )
                #expect(local.stdout.contains("\"taps\""), "\(local.stdout)")
            }

            // The registry agrees; clerks appear by staff number only; no name or ID number reached the district.
            let registry = try await hukou("central", "stations", "--pg", rig.url, "--json")
            #expect(registry.status == 0)
            for station in stations {
                #expect(registry.stdout.contains("\"id\":\"\(station.id)\""), "\(registry.stdout)")
            }
            #expect(
                try rig.server.psql("SELECT string_agg(DISTINCT staff_number, ',') FROM hukou_central.events")
                    == "010001"
            )
            let dump = try rig.server.psql(
                """
                SELECT string_agg(x, E'\\n') FROM (
                    SELECT row_to_json(e)::text AS x FROM hukou_central.events e
                    UNION ALL SELECT row_to_json(t)::text FROM hukou_central.transactions t
                    UNION ALL SELECT row_to_json(v)::text FROM hukou_central.evaluations v
                    UNION ALL SELECT row_to_json(s)::text FROM hukou_central.stations s) rows
                """
            )
            #expect(dump.contains("ID_RENEW"))
            for text in CentralStation.personalTexts + [NSUserName(), "王警官"] {
                #expect(!dump.contains(text), "the central store holds \(text)")
            }
            for station in stations { #expect(await station.stop() == 0, "\(station.log)") }
        }

        @Test("a station log truncated, edited or forked on a copy: the central verification names it")
        func tampering() async throws {
            let rig = try await CentralRig.start("tamper")
            defer { rig.stop() }
            let station = try await CentralStation("tamper-s1", name: "篡改测试所", rig: rig)
            defer { station.remove() }
            try await station.start()
            let ids = try await station.tapPhones(6)
            try await station.serve(ids, completed: 2)
            // The log ends with three taps (pending transactions): a tamperer can cut them and their transactions
            // without the station's own chain noticing.
            try await station.tapPhones(3)
            try await station.waitCaughtUp(rig)
            #expect(await station.stop() == 0)
            let head = try await station.auditHead()
            try #require(head > 12, "\(head) rows")
            let original = try await station.verifyAgainstCentral(rig)
            #expect(original.status == 0 && original.stdout.contains("intact"), "\(original.stdout)")

            /// A consistent copy of the database and its key, with the audit log's append-only triggers dropped.
            func copy(_ name: String) async throws -> String {
                let path = station.scratch.path(name)
                _ = try await station.sqlite(".backup '\(path)'")
                try FileManager.default.copyItem(atPath: station.db + ".key", toPath: path + ".key")
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path + ".key")
                _ = try await station.sqlite(
                    "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;",
                    path: path
                )
                return path
            }
            /// Removes the rows after `seq` and the transactions they created.
            func cut(_ path: String, after seq: Int64) async throws {
                _ = try await station.sqlite(
                    """
                    DELETE FROM transactions WHERE id IN
                        (SELECT transaction_id FROM audit_log WHERE seq > \(seq) AND action = 'tap');
                    DELETE FROM audit_log WHERE seq > \(seq);
                    """,
                    path: path
                )
            }

            // Truncated: the local chain still verifies; the central copy shows the missing rows.
            let truncated = try await copy("truncated.sqlite")
            try await cut(truncated, after: head - 3)
            let alone = try await hukou("audit", "verify", "--db", truncated)
            #expect(alone.status == 0, "the cut was visible locally after all: \(alone.stdout)")
            let cutVerdict = try await station.verifyAgainstCentral(rig, db: truncated)
            #expect(cutVerdict.status == 1, "\(cutVerdict.stdout) \(cutVerdict.stderr)")
            #expect(
                cutVerdict.stdout.contains("truncated: the log ends at row \(head - 3)")
                    && cutVerdict.stdout.contains("rows \(head - 2)–\(head) were removed"),
                "\(cutVerdict.stdout)"
            )

            // Edited in the middle, the chain left broken: named by row.
            let middle = head / 2
            let edited = try await copy("edited.sqlite")
            _ = try await station.sqlite(
                "UPDATE audit_log SET details = '{\"note\":\"altered\"}' WHERE seq = \(middle)",
                path: edited
            )
            let editVerdict = try await station.verifyAgainstCentral(rig, db: edited)
            #expect(editVerdict.status == 1, "\(editVerdict.stdout) \(editVerdict.stderr)")
            #expect(
                editVerdict.stdout.contains("broken locally: audit chain broken at seq \(middle)"),
                "\(editVerdict.stdout)"
            )

            // Forked: the last rows cut, then a daemon on the copy appends new taps under the same numbers. Its own
            // replicator is refused (the central copy is not overwritten), and the verification names the fork.
            let forked = try await copy("forked.sqlite")
            try await cut(forked, after: head - 3)
            let forkConfig = station.scratch.path("fork.toml")
            let configured = try String(contentsOfFile: station.config, encoding: .utf8)
            try configured.replacingOccurrences(
                of: "database = \"counter.sqlite\"",
                with: "database = \"forked.sqlite\""
            )
            .replacingOccurrences(of: "port = \(station.webPort)", with: "port = \(try freeLoopbackPort())")
            .write(toFile: forkConfig, atomically: true, encoding: .utf8)
            let forkSocket = station.scratch.path("fork.sock")
            let centralBefore = try rig.chain(station.id)
            let fork = try await DaemonProcess(
                arguments: ["--config", forkConfig],
                socketPath: forkSocket,
                logPath: station.scratch.path("fork.log")
            )
            defer { fork.killNow() }
            for _ in 0..<2 {
                let hex = try await station.intents.phone(nonce: station.nextNonce(), name: CentralStation.name)
                _ = try await tapPhone(hex, socket: forkSocket)
            }
            var refusal = ""
            try await poll("the fork's replicator to be refused", within: .seconds(30)) {
                let result = try? await hukou("daemon", "--status", "--control", forkSocket, timeout: .seconds(10))
                refusal = result?.stdout ?? ""
                return refusal.contains("\"failing\"")
                    && refusal.contains("central forked: the central copy holds rows up to \(head)")
            }
            #expect(await fork.stop() == 0)
            #expect(try rig.chain(station.id) == centralBefore, "a fork changed the central copy")
            #expect(try await station.auditHead(of: forked) == head - 1)
            let forkAlone = try await hukou("audit", "verify", "--db", forked)
            #expect(forkAlone.status == 0, "\(forkAlone.stdout)")
            let forkVerdict = try await station.verifyAgainstCentral(rig, db: forked)
            #expect(forkVerdict.status == 1, "\(forkVerdict.stdout) \(forkVerdict.stderr)")
            #expect(forkVerdict.stdout.contains("diverged at row \(head - 2)"), "\(forkVerdict.stdout)")

            // The original still verifies against the central copy.
            let again = try await station.verifyAgainstCentral(rig)
            #expect(again.status == 0 && again.stdout.contains("intact"), "\(again.stdout)")
        }
    }
}
