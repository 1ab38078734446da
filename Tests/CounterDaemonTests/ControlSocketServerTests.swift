import CounterDaemon
import Foundation
import Logging
import ServiceLifecycle
import Testing

@Suite("Control socket server", .serialized)
struct ControlSocketServerTests {
    func withServer(
        at path: String,
        connectionLifetime: Duration = ControlSocketServer.defaultConnectionLifetime,
        _ body: @Sendable () async throws -> Void
    ) async throws {
        var logger = Logger(label: "test.control")
        logger.logLevel = .critical
        let server = ControlSocketServer(
            path: path,
            maximumConnections: 4,
            connectionLifetime: connectionLifetime,
            logger: logger
        ) { request in
            switch request {
            case .status:
                return ControlResponse(DaemonStatus(pid: 1, database: "x", readers: [], taps: .init()))
            case .recent:
                return ControlResponse([RecentTap(seq: 1, window: 1, outcome: .duplicate, transactionID: 3)])
            case .tap(let reader, _, _):
                if reader == "slow" { try? await Task.sleep(for: .seconds(1)) }
                return ControlResponse(ControlProtocolError(.unknownReader, "no \(reader)"))
            }
        }
        let group = ServiceGroup(services: [server], logger: logger)
        let task = Task { try await group.run() }
        // Polling, so a fast machine waits no longer; 30 s because other suites' synchronous tests can hold the
        // cooperative pool's two threads (on a two-core machine) for about ten seconds at the start of a full run.
        let deadline = ContinuousClock.now + .seconds(30)
        // Ready once it answers (a stale socket file may exist before the server replaced it).
        while (try? await ControlClient.send(.status, to: path, timeout: .milliseconds(200))) == nil,
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(5))
        }
        do {
            try await body()
        } catch {
            await group.triggerGracefulShutdown()
            try await task.value
            throw error
        }
        await group.triggerGracefulShutdown()
        try await task.value
    }

    @Test("serves requests on a 0600 socket, replaces a stale one, removes it on shutdown")
    func lifecycle() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hk-ctl-\(UUID().uuidString.prefix(8))"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("c.sock").path
        for _ in 0..<2 {  // twice: the path is free again after a clean shutdown
            try await withServer(at: path) {
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
                let status = try await ControlClient.send(.status, to: path)
                #expect(status.status?.pid == 1)
                let tap = try await ControlClient.send(
                    .tap(reader: "w", ndef: [0xD0, 0, 0], tagType: .type2),
                    to: path
                )
                #expect(tap.failure?.code == .unknownReader)
                let recent = try await ControlClient.send(.recent(after: 0), to: path)
                #expect(recent.recent?.first?.transactionID == 3)
            }
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("a stale socket left by a killed daemon is replaced; a regular file at the path is refused")
    func staleAndForeignFiles() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hk-ctl-\(UUID().uuidString.prefix(8))"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stale = directory.appendingPathComponent("stale.sock").path
        // A socket file nobody listens on: what SIGKILL leaves behind.
        let maker = Process()
        maker.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        maker.arguments = ["-c", "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])", stale]
        try maker.run()
        maker.waitUntilExit()
        #expect(FileManager.default.fileExists(atPath: stale))
        try await withServer(at: stale) {
            let status = try await ControlClient.send(.status, to: stale)
            #expect(status.ok)
        }

        let foreign = directory.appendingPathComponent("file").path
        #expect(FileManager.default.createFile(atPath: foreign, contents: Data("keep me".utf8)))
        var logger = Logger(label: "test.control")
        logger.logLevel = .critical
        let server = ControlSocketServer(path: foreign, maximumConnections: 1, logger: logger) { _ in
            ControlResponse(ControlProtocolError(.timeout, "unused"))
        }
        await #expect(throws: ControlProtocolError.self) { try await server.run() }
        #expect(try String(contentsOfFile: foreign, encoding: .utf8) == "keep me")
    }

    @Test("a client gets a clear error when no daemon listens")
    func noDaemon() async {
        await #expect {
            try await ControlClient.send(.status, to: "/tmp/hk-no-such-\(UUID().uuidString.prefix(8)).sock")
        } throws: { error in
            (error as? ControlProtocolError)?.code == .connectionFailed
        }
    }

    @Test("a second daemon on a live socket is refused and the first keeps serving")
    func liveSocketIsNotStolen() async throws {
        let path = "/tmp/hk-live-\(UUID().uuidString.prefix(8)).sock"
        try await withServer(at: path) {
            var logger = Logger(label: "test.control")
            logger.logLevel = .critical
            let intruder = ControlSocketServer(path: path, maximumConnections: 1, logger: logger) { _ in
                ControlResponse(ControlProtocolError(.timeout, "unused"))
            }
            await #expect {
                try await intruder.run()
            } throws: { error in
                (error as? ControlProtocolError)?.message.contains("another daemon is listening") == true
            }
            let status = try await ControlClient.send(.status, to: path)
            #expect(status.status?.pid == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("an over-long line is answered malformedRequest and the connection closed; pipelined lines in order")
    func framing() async throws {
        let path = "/tmp/hk-frame-\(UUID().uuidString.prefix(8)).sock"
        try await withServer(at: path) {
            let long = try await Self.python(
                """
                s.sendall(b'a' * 70000)
                data = b''
                while True:
                    c = s.recv(65536)
                    if not c: break
                    data += c
                print(data.decode(), end='')
                """,
                path
            )
            let lines = long.split(separator: "\n")
            #expect(lines.count == 1)
            #expect(lines.first?.contains("malformedRequest") == true)

            let pipelined = try await Self.python(
                """
                s.sendall(b'{"op":"status"}\\n \\r\\n{"op":"recent","after":0}\\n')
                data = b''
                while data.count(b'\\n') < 2:
                    c = s.recv(65536)
                    if not c: break
                    data += c
                print(data.decode(), end='')
                """,
                path
            )
            let answers = pipelined.split(separator: "\n")
            #expect(answers.count == 2)
            #expect(answers.first?.contains("\"status\"") == true)
            #expect(answers.last?.contains("\"recent\"") == true)
        }
    }

    @Test("connections beyond the limit are answered busy, after the status slot; the admitted ones are still served")
    func connectionLimit() async throws {
        let path = "/tmp/hk-limit-\(UUID().uuidString.prefix(8)).sock"
        try await withServer(at: path) {
            let output = try await Self.python(
                """
                import time
                conns = [s]
                for _ in range(5):
                    time.sleep(0.1)
                    c = socket.socket(socket.AF_UNIX); c.settimeout(5); c.connect(sys.argv[1]); conns.append(c)
                print(conns[-1].recv(65536).decode().strip())
                conns[-2].sendall(b'{"op":"recent","after":0}\\n')
                print(conns[-2].recv(65536).decode().strip())
                s.sendall(b'{"op":"status"}\\n')
                print(s.recv(65536).decode().strip())
                """,
                path
            )
            let lines = output.split(separator: "\n")
            #expect(lines.count == 3)
            #expect(lines.first?.contains("too many control connections") == true)
            // The status slot answers status only.
            #expect(lines.dropFirst().first?.contains("too many control connections") == true)
            #expect(lines.last?.contains("\"ok\":true") == true)
        }
    }

    @Test("with every slot held by trickling clients, status still answers and the trickling connections end")
    func slotsCannotBeHeldForever() async throws {
        let path = "/tmp/hk-hold-\(UUID().uuidString.prefix(8)).sock"
        try await withServer(at: path, connectionLifetime: .seconds(2)) {
            let output = try await Self.python(
                """
                import time
                conns = [s]
                for _ in range(3):
                    c = socket.socket(socket.AF_UNIX); c.settimeout(10); c.connect(sys.argv[1]); conns.append(c)
                time.sleep(0.2)
                extra = socket.socket(socket.AF_UNIX); extra.settimeout(5); extra.connect(sys.argv[1])
                extra.sendall(b'{"op":"status"}\\n')
                print('status', b'"ok":true' in extra.recv(65536))
                closed = 0
                start = time.time()
                while time.time() - start < 8 and closed < len(conns):
                    closed = 0
                    for c in conns:
                        try:
                            c.sendall(b'{"op":"recent","after":0}\\n')
                            if c.recv(65536) == b'': closed += 1
                        except OSError:
                            closed += 1
                    time.sleep(0.3)
                print('closed', closed, 'after', int(time.time() - start))
                """,
                path,
                socketTimeout: 10
            )
            let lines = output.split(separator: "\n")
            #expect(lines.first == "status True")
            #expect(lines.last?.hasPrefix("closed 4 after") == true, "\(output)")
        }
    }

    @Test("a client gets a timeout error when the daemon does not answer in time")
    func clientTimeout() async throws {
        let path = "/tmp/hk-slow-\(UUID().uuidString.prefix(8)).sock"
        try await withServer(at: path) {
            await #expect {
                try await ControlClient.send(
                    .tap(reader: "slow", ndef: [0xD0, 0, 0], tagType: .type2),
                    to: path,
                    timeout: .milliseconds(200)
                )
            } throws: { error in
                (error as? ControlProtocolError)?.code == .timeout
            }
        }
    }

    @Test("graceful shutdown closes idle connections at once instead of waiting for their idle timeout")
    func shutdownClosesIdleConnections() async throws {
        let path = "/tmp/hk-idle-\(UUID().uuidString.prefix(8)).sock"
        let started = ContinuousClock.now
        let output = LockedOutput()
        try await withServer(at: path) {
            let marker = path + ".connected"
            let idle = Task {
                try await Self.python(
                    "open(sys.argv[2], 'w').close()\nprint('eof' if s.recv(10) == b'' else 'data')",
                    path,
                    marker,
                    socketTimeout: 25
                )
            }
            let connected = ContinuousClock.now + .seconds(10)
            while !FileManager.default.fileExists(atPath: marker), ContinuousClock.now < connected {
                try await Task.sleep(for: .milliseconds(10))
            }
            try? FileManager.default.removeItem(atPath: marker)
            // Shutdown follows; the idle client must see EOF long before its 30 s idle timeout.
            Task { output.set(try? await idle.value) }
        }
        // Generous bounds for a loaded machine, still well below the 30 s idle timeout the test tells apart.
        let deadline = ContinuousClock.now + .seconds(27)
        while output.value == nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(output.value == "eof\n")
        #expect(ContinuousClock.now - started < .seconds(28))
    }

    /// Runs a Python snippet with `s`, a socket connected to `path` (`socketTimeout`, 5 s by default), and returns its
    /// output.
    /// `extra` are further arguments (`sys.argv[2...]`). The process is terminated if it outlives 10 s.
    static func python(
        _ body: String,
        _ path: String,
        _ extra: String...,
        socketTimeout: Int = 5
    ) async throws -> String {
        let prelude = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX); s.settimeout(\(socketTimeout)); s.connect(sys.argv[1])

            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", prelude + body, path] + extra
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let deadline = ContinuousClock.now + .seconds(socketTimeout + 5)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning { process.terminate() }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self)
    }
}

/// A string set once from another task, for the idle-connection test.
final class LockedOutput: @unchecked Sendable {
    // `@unchecked Sendable` is sound because `stored` is only read or written while holding `lock`.
    private let lock = NSLock()
    private var stored: String?

    var value: String? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func set(_ newValue: String?) {
        lock.lock()
        defer { lock.unlock() }
        stored = newValue
    }
}
