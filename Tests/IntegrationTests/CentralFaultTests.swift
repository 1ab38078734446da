import Foundation
import HukouTestSupport
import HukouTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Work done while the station does not replicate (its daemon without `[central]`, then the clerk): a backlog of
/// rows for the next replicating daemon to send. Returns the acknowledged taps.
private func backlog(_ station: CentralStation, taps: Int) async throws -> [Int64] {
    try await station.start(central: false)
    let ids = try await station.tapPhones(taps)
    #expect(await station.stop() == 0)
    try await station.serve(ids, completed: 2)
    return ids
}

extension CounterProcessTests {
    /// Replication under faults, with real processes: the daemon killed, the server stopped or killed, a batch
    /// refused, a wrong credential. After each, every station row is centrally exactly once, in order, and the
    /// station lost nothing.
    @Suite(
        "Central store under faults",
        .serialized,
        .enabled(if: centralTestsRun, "needs PostgreSQL and sqlite3 (scripts/install-deps.sh --test)")
    )
    struct CentralFaultTests {
        @Test("the daemon killed with SIGKILL mid-stream three times, at seeded points, restarted on its database")
        func daemonKilled() async throws {
            let seed = ProcessInfo.processInfo.environment["HUKOU_CENTRAL_SEED"].flatMap { UInt64($0) } ?? 2026_1204
            var random = SplitMix64(seed: seed)
            let rig = try await CentralRig.start("kill")
            defer { rig.stop() }
            // One row per batch: the stream is long enough to be cut in the middle.
            let station = try await CentralStation("kill-s1", name: "强杀测试所", rig: rig, batchSize: 1)
            defer { station.remove() }
            try rig.slowDown(milliseconds: 20)
            var acknowledged: [Int64] = []
            var midStream = 0
            for round in 0..<3 {
                acknowledged += try await backlog(station, taps: 8)
                let before = try rig.head(station.id)
                let local = try await station.auditHead()
                let target = before + Int64.random(in: 1...max(1, (local - before) / 2), using: &random)
                let daemon = try station.spawn()
                do {
                    try await poll("the central head to reach \(target)", within: .seconds(60)) {
                        ((try? rig.head(station.id)) ?? 0) >= target
                    }
                } catch {
                    daemon.stop(signal: SIGKILL, timeout: .seconds(5))
                    throw TestHarnessError("\(error) (seed \(seed)); log: \(station.log)")
                }
                kill(daemon.pid, SIGKILL)
                #expect(await daemon.exit(within: .seconds(10)) == 128 + SIGKILL)
                let central = try rig.head(station.id)
                let acked = try await station.ackedSeq()
                // The mark is raised only after the server committed: never ahead of the central copy.
                #expect(acked <= central, "round \(round): acknowledged \(acked), central \(central)")
                if central < local { midStream += 1 }
            }
            #expect(midStream == 3, "\(3 - midStream) kills came after the stream had ended (seed \(seed))")

            // Restarted on the same database, taps go on while it catches up.
            try await station.start()
            acknowledged += try await station.tapPhones(3)
            try await station.waitCaughtUp(rig)
            try await station.expectExactlyOnce(rig, "(seed \(seed))")
            let stored = Set(try await queueList(db: station.db).map(\.id))
            #expect(stored.isSuperset(of: acknowledged), "acknowledged taps lost")
            #expect(await station.stop() == 0)
        }

        @Test("PostgreSQL stopped while taps go on: taps answer at once, failing with a growing backlog, then catch up")
        func serverStopped() async throws {
            let rig = try await CentralRig.start("pgstop")
            defer { rig.stop() }
            let station = try await CentralStation("stop-s1", name: "停库测试所", rig: rig)
            defer { station.remove() }
            try await station.start()
            try await station.tapPhones(3)
            var normal: [Duration] = []
            for _ in 0..<3 { normal.append(try await station.timedTap(within: .seconds(5)).took) }
            try await station.waitCaughtUp(rig)
            // A tap while the server is down may take what a normal one takes, with room for a busy machine.
            let limit = max(.seconds(2), (normal.max() ?? .zero) * 3)

            try await rig.server.stopServer()
            _ = try await station.timedTap(within: limit)
            var status = try await station.replication()
            try await poll("the status to say failing", within: .seconds(20)) {
                status = (try? await station.replication()) ?? status
                return status.state == "failing" && status.backlog > 0
            }
            #expect(status.lastError?.contains("central connectionFailed") == true, "\(status)")
            let first = status.backlog
            for _ in 0..<4 { _ = try await station.timedTap(within: limit) }
            try await poll("the backlog to grow", within: .seconds(5)) {
                status = (try? await station.replication()) ?? status
                return status.backlog >= first + 4
            }
            #expect(status.state == "failing", "\(status)")
            #expect(try await station.ackedSeq() == (try await station.auditHead()) - status.backlog)

            try await rig.server.start()
            try await station.tapPhones(2)
            try await station.waitCaughtUp(rig, within: .seconds(90))
            try await station.expectExactlyOnce(rig)
            #expect(await station.stop() == 0)
        }

        @Test("PostgreSQL killed with SIGKILL mid-stream and restarted: the station catches up exactly once")
        func serverCrashed() async throws {
            let rig = try await CentralRig.start("pgcrash")
            defer { rig.stop() }
            let station = try await CentralStation("crash-s1", name: "崩库测试所", rig: rig, batchSize: 1)
            defer { station.remove() }
            try rig.slowDown(milliseconds: 40)
            var acknowledged = try await backlog(station, taps: 10)
            let local = try await station.auditHead()
            let daemon = try station.spawn()
            defer { daemon.stop(signal: SIGKILL, timeout: .seconds(5)) }
            try await poll("the stream to begin", within: .seconds(60)) { ((try? rig.head(station.id)) ?? 0) >= 2 }
            try await rig.server.crash()
            let acked = try await station.ackedSeq()
            #expect(acked < local, "the stream ended before the crash")
            try await poll("the daemon to answer", within: .seconds(30)) {
                (try? await station.replication()) != nil
            }
            acknowledged += try await station.tapPhones(2)
            try await rig.server.start()
            acknowledged += try await station.tapPhones(2)
            try await station.waitCaughtUp(rig, within: .seconds(90))
            try await station.expectExactlyOnce(rig)
            let stored = Set(try await queueList(db: station.db).map(\.id))
            #expect(stored.isSuperset(of: acknowledged), "acknowledged taps lost")
            #expect(await daemon.terminate(signal: SIGTERM, timeout: .seconds(15)) == 0)
        }

        @Test(
            "a batch refused by the server holds replication at that row until the cause is gone; so does a bad secret"
        )
        func batchRefused() async throws {
            let rig = try await CentralRig.start("refuse")
            defer { rig.stop() }
            let station = try await CentralStation("refuse-s1", name: "拒收测试所", rig: rig)
            defer { station.remove() }
            try await station.start()
            try await station.tapPhones(3)
            try await station.waitCaughtUp(rig)
            let refused = try rig.head(station.id) + 5
            // The server refuses the row `refused` of this station; the sequence counts the refusals (a sequence
            // is not rolled back with the refused transaction).
            try rig.server.psql(
                """
                CREATE SEQUENCE public.refusals;
                CREATE FUNCTION public.refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.station_id = '\(station.id)' AND NEW.seq = \(refused) THEN
                        PERFORM nextval('public.refusals');
                        RAISE EXCEPTION 'row % refused for the test', NEW.seq;
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER refuse_row BEFORE INSERT ON hukou_central.events
                    FOR EACH ROW EXECUTE FUNCTION public.refuse_row();
                """
            )
            try await station.tapPhones(8)
            try await poll("three refusals", within: .seconds(30)) {
                (try? rig.server.psql("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM public.refusals"))
                    .flatMap { Int($0) } ?? 0 >= 3
            }
            let head = try await station.auditHead()
            var held = try await station.replication()
            try await poll("the status to show the refusal", within: .seconds(20)) {
                held = (try? await station.replication()) ?? held
                return held.backlog == head - (refused - 1)
            }
            #expect(held.state == "failing", "\(held)")
            #expect(held.lastError?.contains("row \(refused) refused for the test") == true, "\(held)")
            #expect(try rig.head(station.id) == refused - 1)
            #expect(try await station.ackedSeq() == refused - 1)

            try rig.server.psql("DROP TRIGGER refuse_row ON hukou_central.events")
            try await station.waitCaughtUp(rig)
            try await station.expectExactlyOnce(rig)

            // The station's secret replaced centrally (a rotation the station did not get): refused, nothing taken.
            let rotated = station.scratch.path("rotated.secret")
            try await rig.register(station.id, name: "拒收测试所", secretFile: rotated, replace: true)
            let before = try rig.head(station.id)
            try await station.tapPhones(2)
            var denied = try await station.replication()
            try await poll("the bad credential to show", within: .seconds(20)) {
                denied = (try? await station.replication()) ?? denied
                return denied.state == "failing" && denied.lastError?.contains("central badCredential") == true
            }
            #expect(try rig.head(station.id) == before)
            try await rig.register(
                station.id,
                name: "拒收测试所",
                secretFile: station.secretFile,
                createSecret: false,
                replace: true
            )
            try await station.waitCaughtUp(rig, within: .seconds(90))
            try await station.expectExactlyOnce(rig)
            #expect(await station.stop() == 0)
        }
    }
}
