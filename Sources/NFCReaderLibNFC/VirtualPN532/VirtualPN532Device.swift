import Foundation
import NFCReader
import NFCTag

/// A ``VirtualPN532`` on a pseudo-terminal, which libnfc opens as `pn532_uart:<path>` like a PN532 on a USB-serial
/// adapter: it creates the pty itself, speaks PN532 HSU frames with real timing, and closes the pty to vanish.
///
/// ``serve()`` blocks the calling thread; run it on a thread of its own and end it with ``stop()``.
public final class VirtualPN532Device: @unchecked Sendable {
    // Invariant: `terminal` and `chip` are used only by the thread running `serve()`; `stopped` only under `lock`.
    private let terminal: PseudoTerminal
    private var chip: VirtualPN532
    private let trace: (@Sendable (String) -> Void)?
    private let tagArrival: Duration?
    private let lock = NSLock()
    private var stopped = false

    /// How ``serve()`` ended.
    public enum Ending: Hashable, Sendable {
        /// ``stop()`` was called.
        case stopped
        /// The device vanished by its fault plan (the pty is closed).
        case vanished
    }

    /// The slave device path libnfc opens (e.g. `/dev/pts/4`).
    public var path: String { terminal.slavePath }

    /// Creates the pseudo-terminal, and a symlink to it at `link` when given.
    ///
    /// - Parameters:
    ///   - chip: the emulated chip with its tag and faults.
    ///   - link: a stable path for the device; an existing symlink there is replaced, anything else refused.
    ///   - tagArrival: when the chip was made with `arrivesLater`, how long after ``serve()`` starts the tag enters.
    ///   - trace: receives one line per frame, for `--trace`.
    /// - Throws: ``VirtualPN532Error``.
    public init(
        chip: VirtualPN532,
        link: String?,
        tagArrival: Duration? = nil,
        trace: (@Sendable (String) -> Void)? = nil
    ) throws(VirtualPN532Error) {
        terminal = try PseudoTerminal()
        self.chip = chip
        self.tagArrival = tagArrival
        self.trace = trace
        if let link { try terminal.link(at: link) }
    }

    /// Ends ``serve()`` within about 50 ms.
    public func stop() {
        lock.withLock { stopped = true }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    /// Answers the host until stopped or vanished, then closes the pty and removes the link.
    ///
    /// - Returns: how it ended and the number of tag commands served.
    /// - Throws: ``VirtualPN532Error`` when the pty fails.
    public func serve() throws(VirtualPN532Error) -> (ending: Ending, tagCommands: Int) {
        defer { terminal.close() }
        var decoder = PN532FrameDecoder()
        var delayed: (frame: PN532Frame, due: ContinuousClock.Instant)?
        let clock = ContinuousClock()
        var arrival = tagArrival.map { clock.now.advanced(by: $0) }
        while !isStopped {
            if let due = arrival, clock.now >= due {
                arrival = nil
                trace?("   the tag enters the field")
                if let answer = chip.tagEntersField(), case .respond(let frame, _) = answer {
                    delayed = nil
                    try send(frame)
                }
            }
            var wait: Int32 = 50
            if let delayed {
                let left = clock.now.duration(to: delayed.due)
                let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
                wait = max(0, min(50, Int32(clamping: milliseconds)))
            }
            let bytes = try terminal.read(timeoutMilliseconds: wait)
            if !bytes.isEmpty { decoder.append(bytes) }
            while true {
                let frame: PN532Frame?
                do throws(PN532FrameError) {
                    frame = try decoder.nextFrame()
                } catch {
                    trace?("!! \(error)")
                    continue
                }
                guard let frame else { break }
                trace?(">> \(Self.hex(frame.encoded))")
                if frame == .ack {
                    if delayed != nil { trace?("   host aborted the pending command") }
                    delayed = nil
                    _ = chip.handle(frame)  // the chip stops waiting for a target too
                    continue
                }
                delayed = nil  // a new command replaces one the chip was still working on
                switch chip.handle(frame) {
                case .ignore:
                    break
                case .respond(let response, let delay):
                    try send(.ack)
                    if delay == .zero {
                        try send(response)
                    } else {
                        delayed = (response, clock.now.advanced(by: delay))
                    }
                case .hold:
                    try send(.ack)
                case .reject:
                    try send(.ack)
                    try send(.applicationError)
                case .vanish:
                    trace?("   vanishing")
                    return (.vanished, chip.tag?.counters.commands ?? 0)
                }
            }
            if let pending = delayed, clock.now >= pending.due {
                try send(pending.frame)
                delayed = nil
            }
        }
        return (.stopped, chip.tag?.counters.commands ?? 0)
    }

    private func send(_ frame: PN532Frame) throws(VirtualPN532Error) {
        let bytes = frame.encoded
        trace?("<< \(Self.hex(bytes))")
        try terminal.write(bytes)
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16, uppercase: false)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }
}
