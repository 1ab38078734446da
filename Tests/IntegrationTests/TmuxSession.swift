import Foundation
import Testing

/// A private tmux server (its own socket name) running one command in a pseudo-terminal, for driving
/// `hukou counter` like a clerk. ``kill()`` stops the server; nothing is left running.
final class TmuxSession {
    let socketName: String
    let session = "counter"

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    /// Starts `command` (argument vector) in a detached 160×50 window.
    init(command: [String]) throws {
        socketName = "hk-test-\(UUID().uuidString.prefix(8))"
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let result = try tmux(["new-session", "-d", "-s", session, "-x", "160", "-y", "50", quoted])
        guard result.status == 0 else { throw HarnessError("tmux new-session failed: \(result.stderr)") }
    }

    private func tmux(_ arguments: [String]) throws -> CommandResult {
        try runCommand("/usr/bin/tmux", ["-L", socketName, "-f", "/dev/null"] + arguments, timeout: .seconds(10))
    }

    /// Types `text` and presses Enter.
    func type(_ text: String) throws {
        _ = try tmux(["send-keys", "-t", session, "-l", text])
        _ = try tmux(["send-keys", "-t", session, "Enter"])
    }

    /// The visible screen and scrollback.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-J", "-S", "-200", "-t", session]).stdout
    }

    /// The screen for failure messages (empty if tmux cannot be asked).
    var text: String { (try? screen()) ?? "" }

    /// Waits (bounded) until the screen contains `text`; returns how long it took, or `nil` on timeout.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(10)) throws -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            if try screen().contains(text) { return ContinuousClock.now - start }
            usleep(20_000)
        }
        return nil
    }

    /// Counts occurrences of `text` on the screen.
    func count(_ text: String) throws -> Int {
        try screen().components(separatedBy: text).count - 1
    }

    func kill() {
        _ = try? tmux(["kill-server"])
    }

    deinit { kill() }
}
