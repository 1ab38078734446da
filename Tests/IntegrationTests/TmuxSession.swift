import Foundation
import HukouTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A private tmux server (its own socket name) running one command in a pseudo-terminal, for driving
/// `hukou counter` like a clerk. ``kill()`` stops the server; nothing is left running.
final class TmuxSession {
    let socketName: String
    let session = "counter"
    /// The tmux server's and the command's process ids, for the last resort of ``kill()``.
    private var serverPID: pid_t?
    private var panePID: pid_t?

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    /// Starts `command` (argument vector) in a detached 160×50 window.
    init(command: [String]) async throws {
        socketName = "hk-test-\(UUID().uuidString.prefix(8))"
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let result = try await tmux(["new-session", "-d", "-s", session, "-x", "160", "-y", "50", quoted])
        guard result.status == 0 else { throw TestHarnessError("tmux new-session failed: \(result.stderr)") }
        let ids = try await tmux(["display-message", "-p", "-t", session, "#{pid} #{pane_pid}"]).stdout
            .split(whereSeparator: \.isWhitespace).compactMap { pid_t($0) }
        if ids.count == 2 {
            serverPID = ids[0]
            panePID = ids[1]
        }
    }

    private func tmux(_ arguments: [String]) async throws -> CommandResult {
        try await runCommand("/usr/bin/tmux", ["-L", socketName, "-f", "/dev/null"] + arguments, timeout: .seconds(10))
    }

    /// Keeps the pane (and its last screen) after the command exits, so a test can read what it left behind.
    func keepPaneOnExit() async throws {
        _ = try await tmux(["set-option", "-t", session, "remain-on-exit", "on"])
    }

    /// Types `text` and presses Enter.
    func type(_ text: String) async throws {
        _ = try await tmux(["send-keys", "-t", session, "-l", text])
        _ = try await tmux(["send-keys", "-t", session, "Enter"])
    }

    /// The visible screen and scrollback.
    func screen() async throws -> String {
        lastScreen = try await tmux(["capture-pane", "-p", "-J", "-S", "-200", "-t", session]).stdout
        return lastScreen
    }

    /// The screen as last captured (for failure messages).
    private(set) var lastScreen = ""

    /// The screen for failure messages (empty if tmux cannot be asked).
    var text: String { lastScreen }

    /// Waits (bounded) until the screen contains `text`; returns how long it took, or `nil` on timeout.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(10)) async throws -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            if try await screen().contains(text) { return ContinuousClock.now - start }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Stops the private tmux server and the command in it (cleanup; blocks briefly).
    ///
    /// `kill-server` alone is not enough here: a command still running in the pane keeps tmux 3.3 waiting for it,
    /// and a server holding a dead pane (`remain-on-exit`) stays up. So the command and then the server are killed by
    /// their process ids — each only while it is still this session's (the pane's parent is the server, the
    /// server's command line names this socket).
    func kill() {
        _ = try? runCommandBlocking(
            "/usr/bin/tmux",
            ["-L", socketName, "-f", "/dev/null", "kill-server"],
            timeout: .seconds(10)
        )
        guard let serverPID, Self.commandLine(of: serverPID).contains(socketName) else { return }
        if let panePID, Self.parent(of: panePID) == serverPID { Glibc.kill(panePID, SIGKILL) }
        Glibc.kill(serverPID, SIGKILL)
        self.serverPID = nil
    }

    private static func commandLine(of pid: pid_t) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func parent(of pid: pid_t) -> pid_t? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("PPid:") }
        return line.flatMap { pid_t($0.dropFirst("PPid:".count).trimmingCharacters(in: .whitespaces)) }
    }

    deinit { kill() }
}
