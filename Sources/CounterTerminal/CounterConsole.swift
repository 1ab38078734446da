public import CounterStore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The clerk's terminal loop, kept thin: lines from standard input go to a ``CounterSession``; meanwhile a
/// ``PendingTapWatcher`` checks the store every ``pollInterval`` and prints new taps above the prompt, without
/// waiting for a keypress.
///
/// Works in a plain terminal, under tmux, and with standard input from a pipe (a scripted session; it ends at
/// end of input). Standard input is read on a thread of its own, never on the cooperative pool.
public struct CounterConsole: Sendable {
    /// How often the store's change token is checked.
    public static let pollInterval: Duration = .milliseconds(100)

    /// Reports the transactions of this window tapped again since the last call (the store records nothing for a
    /// repeat, so this comes from the daemon); called with the store poll.
    public typealias RepeatedTaps = @Sendable () async -> [TransactionID]

    private let session: CounterSession
    private let output: ConsoleOutput
    private let repeatedTaps: RepeatedTaps?

    /// Creates a console around a session; `repeatedTaps`, if given, lets it flag repeated taps.
    public init(session: CounterSession, repeatedTaps: RepeatedTaps? = nil) {
        self.session = session
        self.output = ConsoleOutput(isTerminal: isatty(STDOUT_FILENO) == 1)
        self.repeatedTaps = repeatedTaps
    }

    /// Runs until `quit` or end of input.
    public func run() async throws {
        let greeting = try await session.open()
        await output.print(greeting)
        let initiallyPending = try await session.store.transactions(window: session.window, states: [.pending])
        let initialWatcher = PendingTapWatcher(
            store: session.store,
            window: session.window,
            alreadyShown: initiallyPending.map(\.id)
        )
        await output.prompt(await session.prompt())

        let lines = Self.standardInputLines()
        let session = self.session
        let output = self.output
        let repeatedTaps = self.repeatedTaps
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var watcher = initialWatcher
                while !Task.isCancelled {
                    try await Task.sleep(for: Self.pollInterval)
                    let fresh: [CounterTransaction]
                    do {
                        fresh = try await watcher.poll()
                    } catch {
                        await output.above(
                            [session.renderer.error(zh: "读取数据库失败：\(error)", en: "cannot read the store: \(error)")],
                            prompt: await session.prompt()
                        )
                        continue
                    }
                    var repeats: [String] = []
                    for id in await repeatedTaps?() ?? [] {
                        if let transaction = try? await session.store.transaction(id) {
                            repeats.append(session.renderer.repeatedTap(transaction))
                        }
                    }
                    guard !fresh.isEmpty || !repeats.isEmpty else { continue }
                    let blocks = fresh.flatMap { session.renderer.newTap($0) } + repeats
                    await output.above(blocks, prompt: await session.prompt())
                }
            }
            group.addTask {
                for await line in lines {
                    await output.inputEchoIfPiped(line)
                    let reply = await session.handle(line: line)
                    await output.print(reply.lines)
                    if reply.quit { break }
                    await output.prompt(await session.prompt())
                }
                await output.print([])
            }
            // Whichever ends first (quit / end of input) ends the console.
            _ = try await group.next()
            group.cancelAll()
        }
        await output.flush()
    }

    /// Standard input, line by line, read on a thread of its own; finishes at end of input.
    static func standardInputLines() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingOldest(256))
        let thread = Thread {
            while let line = readLine(strippingNewline: true) {
                continuation.yield(line)
            }
            continuation.finish()
        }
        thread.name = "hukou-counter-stdin"
        thread.start()
        return stream
    }
}

/// Serialises everything written to standard output, so a tap notice never tears a command's output.
actor ConsoleOutput {
    let isTerminal: Bool
    private var promptShown = false

    init(isTerminal: Bool) {
        self.isTerminal = isTerminal
    }

    /// Prints lines, each ending in a newline.
    func print(_ lines: [String]) {
        promptShown = false
        write(lines.map { $0 + "\n" }.joined())
    }

    /// Shows the prompt (no newline).
    func prompt(_ text: String) {
        promptShown = true
        write(text)
    }

    /// Prints lines above the prompt: clears the prompt line on a terminal, prints, shows the prompt again.
    func above(_ lines: [String], prompt: String) {
        var text = ""
        if promptShown { text += isTerminal ? "\r\u{1B}[2K" : "\n" }
        text += lines.map { $0 + "\n" }.joined()
        text += prompt
        promptShown = true
        write(text)
    }

    /// When input comes from a pipe, nothing echoes what was typed; print it after the prompt for a readable log.
    func inputEchoIfPiped(_ line: String) {
        guard !isTerminal, isatty(STDIN_FILENO) != 1 else { return }
        promptShown = false
        write(line + "\n")
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
