public import NFCTag

/// A transceiver that replays an exact transcript, for tests of tag protocols.
///
/// Each step names the command the protocol must send next and what comes back. A command that differs
/// from the script is recorded in ``mismatches`` and answered with ``TransceiveError/Code/other``, so a
/// test fails on both the protocol's error and the mismatch.
public final class ScriptedTransceiver: Transceiver, TagReselecting {
    /// One expected exchange.
    public enum Step: Hashable, Sendable {
        /// The protocol sends `command`; the tag answers `response`.
        case exchange([UInt8], [UInt8])
        /// The protocol sends `command`; the transport fails with `error`.
        case fail([UInt8], TransceiveError)
        /// The protocol re-selects the tag.
        case reselect
        /// The protocol re-selects the tag, which fails with `error`.
        case reselectFails(TransceiveError)
    }

    public let limits: TransceiverLimits
    private var steps: [Step]
    private var position = 0
    /// Every command sent, in order (a re-select is recorded as an empty command).
    public private(set) var sent: [[UInt8]] = []
    /// Descriptions of commands that did not match the script.
    public private(set) var mismatches: [String] = []

    /// Creates a transceiver for a transcript.
    public init(
        limits: TransceiverLimits = TransceiverLimits(maximumCommandLength: 252, maximumResponseLength: 252),
        _ steps: [Step]
    ) {
        self.limits = limits
        self.steps = steps
    }

    /// True when every step of the script was used and nothing mismatched.
    public var isComplete: Bool { position == steps.count && mismatches.isEmpty }

    public func transceive(_ command: [UInt8], timeout: Duration) throws(TransceiveError) -> [UInt8] {
        sent.append(command)
        guard position < steps.count else {
            mismatches.append("unexpected command \(Self.hex(command)) after the end of the script")
            throw TransceiveError(.other, "script ended")
        }
        let step = steps[position]
        position += 1
        switch step {
        case .exchange(let expected, let response) where expected == command:
            return response
        case .fail(let expected, let error) where expected == command:
            throw error
        default:
            mismatches.append("step \(position - 1): expected \(step), got command \(Self.hex(command))")
            throw TransceiveError(.other, "command does not match the script")
        }
    }

    public func reselect() throws(TransceiveError) {
        sent.append([])
        guard position < steps.count else {
            mismatches.append("unexpected re-select after the end of the script")
            throw TransceiveError(.other, "script ended")
        }
        let step = steps[position]
        position += 1
        switch step {
        case .reselect:
            return
        case .reselectFails(let error):
            throw error
        default:
            mismatches.append("step \(position - 1): expected \(step), got a re-select")
            throw TransceiveError(.other, "re-select does not match the script")
        }
    }

    /// This transcript on a reader path that cannot re-select (e.g. PC/SC), so ``Type2Tag`` skips GET_VERSION.
    public var withoutReselect: some Transceiver { NonReselecting(base: self) }

    private struct NonReselecting: Transceiver {
        let base: ScriptedTransceiver
        var limits: TransceiverLimits { base.limits }
        func transceive(_ command: [UInt8], timeout: Duration) throws(TransceiveError) -> [UInt8] {
            try base.transceive(command, timeout: timeout)
        }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
