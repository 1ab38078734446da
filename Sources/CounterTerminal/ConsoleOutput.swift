import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Serialises everything written to standard output, so a tap notice never tears a command's output; every line
/// passes ``TerminalText/safe(_:)`` on its way out.
actor ConsoleOutput {
    let isTerminal: Bool
    private var promptShown = false

    init(isTerminal: Bool) {
        self.isTerminal = isTerminal
    }

    /// Prints lines, each ending in a newline.
    func print(_ lines: [String]) {
        promptShown = false
        write(lines.map { TerminalText.safe($0) + "\n" }.joined())
    }

    /// Shows the prompt (no newline).
    func prompt(_ text: String) {
        promptShown = true
        write(TerminalText.safe(text))
    }

    /// Prints lines above the prompt: clears the prompt line on a terminal, prints, shows the prompt again.
    func above(_ lines: [String], prompt: String) {
        var text = ""
        if promptShown { text += isTerminal ? "\r\u{1B}[2K" : "\n" }
        text += lines.map { TerminalText.safe($0) + "\n" }.joined()
        text += TerminalText.safe(prompt)
        promptShown = true
        write(text)
    }

    /// Clears the screen and the terminal's scrollback (ED 2 and ED 3, cursor home), then prints `lines`; from a pipe,
    /// only prints them.
    func clearScreen(then lines: [String]) {
        promptShown = false
        let clear = isTerminal ? "\u{1B}[H\u{1B}[2J\u{1B}[3J" : ""
        write(clear + lines.map { TerminalText.safe($0) + "\n" }.joined())
    }

    /// When input comes from a pipe, nothing echoes what was typed; print it after the prompt for a readable log.
    func inputEchoIfPiped(_ line: String) {
        guard !isTerminal, isatty(STDIN_FILENO) != 1 else { return }
        promptShown = false
        write(TerminalText.safe(line) + "\n")
    }

    /// Writes happen on a serial queue of their own (a write to a terminal can block, e.g. after Ctrl-S), never on
    /// the cooperative pool; the queue keeps them in order.
    private let writer = DispatchQueue(label: "hukou.counter.stdout")

    private func write(_ text: String) {
        let data = Data(text.utf8)
        writer.async { FileHandle.standardOutput.write(data) }
    }

    /// Waits until everything written so far is out.
    func flush() async {
        await withCheckedContinuation { continuation in
            writer.async { continuation.resume() }
        }
    }
}
