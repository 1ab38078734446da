import Foundation
import GRDB
import HukouTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension CounterProcessTests {
    /// The clerk serves a phone tap without retyping: a real daemon, two clerk prompts under tmux, the phone's values
    /// shown whole at the serving window and nowhere else, the reveal in the audit log.
    @Suite("Application view end to end", .serialized)
    struct ApplicationViewProcessTests {
        static let name = "欧阳明月"
        static let idNumber = "110101199003070011"
        static let address = "北京市东城区东华门街道南池子大街100号"

        @Test("tap → 确认, 叫号, 开始 at window 1: the values in full there, not at window 2, not in list or logs")
        func servingWindowOnly() async throws {
            try #require(TmuxSession.available, "tmux is needed for the pseudo-terminal")
            let scratch = try ScratchDirectory("appview")
            defer { scratch.remove() }
            let intents = try ProcessIntents(scratch: scratch)
            let db = scratch.path("counter.sqlite")
            let socket = scratch.path("control.sock")
            let daemon = try await startCounterDaemon(scratch, intents: intents, windows: [1, 2])
            defer { daemon.killNow() }
            let counter1 = try await TmuxSession(
                command: try counterCommand(scratch: scratch, db: db, socket: socket, window: 1)
            )
            defer { counter1.kill() }
            let counter2 = try await TmuxSession(
                command: try counterCommand(scratch: scratch, db: db, socket: socket, window: 2)
            )
            defer { counter2.kill() }
            try #require(try await counter1.waitFor("窗口1>", timeout: .seconds(15)) != nil, "\(counter1.text)")
            try #require(try await counter2.waitFor("窗口2>", timeout: .seconds(15)) != nil, "\(counter2.text)")

            let phone = try await intents.phone(
                name: Self.name,
                id: Self.idNumber,
                more: ["delivery_addr=\(Self.address)"]
            )
            let reply = try await tapPhone(phone, socket: socket)
            try #require(try await counter1.waitFor("新请求 #\(reply.transactionID)", timeout: .seconds(3)) != nil)

            try await counter1.type("确认")
            try #require(try await counter1.waitFor("票号 B001", timeout: .seconds(5)) != nil, "\(counter1.text)")
            try await counter1.type("叫号")
            try #require(try await counter1.waitFor("请 B001 号到 1 号窗口办理", timeout: .seconds(5)) != nil)
            try await counter1.type("开始")
            let shown = try await counter1.waitFor(Self.address, timeout: .seconds(5))
            #expect(shown != nil, "the application was not shown: \(counter1.text)")
            let screen1 = counter1.text
            #expect(screen1.contains("申请人姓名: \(Self.name)") && screen1.contains("申请人公民身份号码: \(Self.idNumber)"))
            #expect(screen1.contains("出生 1990-03-07") && screen1.contains("北京市 (110101)"), "\(screen1)")
            #expect(screen1.contains("换领原因: expiring") && screen1.contains("[ ] 1 原居民身份证"))

            // Window 2 saw nothing of it, not even when asking.
            try await counter2.type("详情")
            try #require(try await counter2.waitFor("没有正在办理", timeout: .seconds(5)) != nil, "\(counter2.text)")
            try await counter2.type("列表")
            try await Task.sleep(for: .milliseconds(300))
            let screen2 = try await counter2.screen()
            #expect(!screen2.contains(Self.name) && !screen2.contains(Self.idNumber) && !screen2.contains("东华门"))

            // list at the serving window, the tools and the daemon's log stay masked.
            try await counter1.type("列表")
            try await Task.sleep(for: .milliseconds(300))
            let listed = try await counter1.screen().components(separatedBy: "列表").last ?? ""
            #expect(!listed.contains(Self.idNumber) && listed.contains("110***********0011"), "\(listed)")
            let queue = try await hukou("queue", "list", "--db", db)
            #expect(!queue.stdout.contains(Self.name) && !queue.stdout.contains(Self.idNumber))
            let log = daemon.log(tail: 1000)
            #expect(!log.contains(Self.idNumber) && !log.contains(Self.name) && !log.contains("东华门"))

            // The audit log: one reveal, by the operator, naming the field keys and no value.
            try await counter1.type("quit")
            try await counter2.type("quit")
            let audit = try DatabaseQueue(path: db, configuration: readOnly())
            let reveals = try await audit.read { db in
                try Row.fetchAll(db, sql: "SELECT operator, details FROM audit_log WHERE action = 'reveal'")
            }
            #expect(reveals.count == 1)
            #expect(reveals.first?["details"] == "window=1 fields=name,id,delivery_addr,renew_reason")
            #expect(reveals.first?["operator"] == testOperator)
            let all = try await audit.read { db in try String.fetchAll(db, sql: "SELECT details FROM audit_log") }
            #expect(!all.joined().contains(Self.idNumber) && !all.joined().contains(Self.name))
            #expect(try await hukou("audit", "verify", "--db", db).status == 0)
        }

        @Test("idle lock: after counter.idle_lock_seconds without input the screen is cleared of the application")
        func idleLock() async throws {
            try #require(TmuxSession.available, "tmux is needed for the pseudo-terminal")
            let scratch = try ScratchDirectory("idle")
            defer { scratch.remove() }
            let intents = try ProcessIntents(scratch: scratch)
            let db = scratch.path("counter.sqlite")
            let socket = scratch.path("control.sock")
            let daemon = try await startCounterDaemon(scratch, intents: intents)
            defer { daemon.killNow() }
            let config = try staffConfig(scratch: scratch, extra: "[counter]\nidle_lock_seconds = 3")
            let counter = try await TmuxSession(command: [
                HukouBinary.path, "counter", "--config", config, "--db", db, "--window", "1",
            ])
            defer { counter.kill() }
            try await counter.keepPaneOnExit()
            try #require(try await counter.waitFor("窗口1>", timeout: .seconds(15)) != nil, "\(counter.text)")
            let phone = try await intents.phone(
                name: Self.name,
                id: Self.idNumber,
                more: ["delivery_addr=\(Self.address)"]
            )
            _ = try await tapPhone(phone, socket: socket)
            for line in ["确认", "叫号", "开始"] { try await counter.type(line) }
            try #require(try await counter.waitFor(Self.address, timeout: .seconds(5)) != nil, "\(counter.text)")
            let start = ContinuousClock.now
            let locked = try await counter.waitFor("已清屏并退出", timeout: .seconds(10))
            #expect(locked != nil, "\(counter.text)")
            #expect(ContinuousClock.now - start >= .seconds(2), "locked before the idle time")
            let screen = try await counter.screen()
            #expect(
                !screen.contains(Self.idNumber) && !screen.contains(Self.name) && !screen.contains("东华门"),
                "\(screen)"
            )
        }

        private func readOnly() -> Configuration {
            var configuration = Configuration()
            configuration.readonly = true
            return configuration
        }
    }
}

/// A `counter.toml` in `scratch` whose roster names the login running the tests: `role` (default a clerk of
/// `windows`); `extra` is added as is (a `[counter]` section, say).
func staffConfig(
    scratch: ScratchDirectory,
    role: String = "clerk",
    windows: [Int] = [1, 2],
    extra: String = ""
) throws -> String {
    let path = scratch.path("counter-\(role)-\(windows.map(String.init).joined(separator: "-")).toml")
    let text = """
        \(extra)

        \(staffEntry(role: role, windows: windows))
        """
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// The test roster's one member (this login, 王警官, staff number 010001) as a `[[staff]]` entry.
func staffEntry(role: String = "clerk", windows: [Int] = [1, 2]) -> String {
    """
    [[staff]]
    login = "\(NSUserName())"
    name = "王警官"
    number = "010001"
    role = "\(role)"
    windows = [\(windows.map(String.init).joined(separator: ", "))]
    """
}

/// The audit name of the test roster's member.
let testOperator = "王警官(010001)/\(NSUserName())"

/// The clerk's prompt for `window` against the daemon's database, as the roster's member.
func counterCommand(scratch: ScratchDirectory, db: String, socket: String, window: Int) throws -> [String] {
    [
        HukouBinary.path, "counter", "--config", try staffConfig(scratch: scratch), "--db", db, "--window",
        String(window), "--control", socket,
    ]
}

/// A `hukou daemon` on simulated readers `window1`, `window2`, … for `windows`, with `scratch`'s `counter.sqlite`
/// and `control.sock`, trusting the TEST key when `intents` is given.
func startCounterDaemon(
    _ scratch: ScratchDirectory,
    intents: ProcessIntents? = nil,
    windows: [Int] = [1],
    db name: String = "counter.sqlite"
) async throws -> DaemonProcess {
    var arguments = ["--db", scratch.path(name)]
    for window in windows { arguments += ["--reader", "sim:window\(window)@\(window)"] }
    if let intents { arguments += ["--keys", intents.trustedKeysPath] }
    return try await DaemonProcess(
        arguments: arguments,
        socketPath: scratch.path("control.sock"),
        logPath: scratch.path("daemon.log")
    )
}

/// Taps a signed phone intent on `window`'s simulated reader and returns the daemon's reply.
func tapPhone(_ phone: String, window: Int = 1, socket: String) async throws -> TapReply {
    let tapped = try await hukou("tap", "--control", socket, "--reader", "window\(window)", "--hex", phone)
    guard let reply = TapReply.parse(tapped) else { throw TestHarnessError("tap failed: \(tapped.stderr)") }
    return reply
}
