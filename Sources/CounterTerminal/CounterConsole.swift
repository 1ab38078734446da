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
    private let idleLock: Duration

    /// Creates a console around a session; `repeatedTaps`, if given, lets it flag repeated taps. After `idleLock`
    /// without input it clears the screen (personal data included) and ends.
    public init(session: CounterSession, repeatedTaps: RepeatedTaps? = nil, idleLock: Duration = .seconds(600)) {
        self.session = session
        self.output = ConsoleOutput(isTerminal: isatty(STDOUT_FILENO) == 1)
        self.repeatedTaps = repeatedTaps
        self.idleLock = idleLock
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
        let clock = ContinuousClock()
        let start = clock.now
        let idleLock = self.idleLock
        let activity = InputActivity(IdleLock(timeout: idleLock, now: .zero))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // The idle lock: nothing typed for `idleLock` → clear the screen and end the console.
                while !Task.isCancelled {
                    switch await activity.check(at: clock.now - start) {
                    case .lock:
                        await output.clearScreen(then: session.renderer.idleLocked(after: idleLock))
                        return
                    case .wait(let remaining):
                        try await Task.sleep(for: min(remaining, .seconds(1)))
                    }
                }
            }
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
                    await activity.input(at: clock.now - start)
                    await output.inputEchoIfPiped(line)
                    let reply = await session.handle(line: line)
                    await output.print(reply.lines)
                    if reply.quit { break }
                    await output.prompt(await session.prompt())
                }
                await output.print([])
            }
            // Whichever ends first (quit / end of input / idle lock) ends the console.
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

/// The idle lock shared by the input task (which reports every line) and the task that watches the time.
private actor InputActivity {
    private var lock: IdleLock

    init(_ lock: IdleLock) {
        self.lock = lock
    }

    func input(at now: Duration) {
        lock.input(at: now)
    }

    func check(at now: Duration) -> IdleLock.Action {
        lock.check(at: now)
    }
}
