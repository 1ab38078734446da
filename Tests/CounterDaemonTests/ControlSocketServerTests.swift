import CounterDaemon
import Foundation
import Logging
import ServiceLifecycle
import Testing

@Suite("Control socket server", .serialized)
struct ControlSocketServerTests {
    func withServer(
        at path: String,
        _ body: @Sendable () async throws -> Void
    ) async throws {
        var logger = Logger(label: "test.control")
        logger.logLevel = .critical
        let server = ControlSocketServer(path: path, maximumConnections: 4, logger: logger) { request in
            switch request {
            case .status:
                return ControlResponse(DaemonStatus(pid: 1, database: "x", readers: [], taps: .init()))
            case .recent:
                return ControlResponse([RecentTap(seq: 1, window: 1, outcome: .duplicate, transactionID: 3)])
            case .tap(let reader, _, _):
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
}
