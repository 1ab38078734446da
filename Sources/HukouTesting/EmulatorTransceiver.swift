public import NFCReader
public import NFCTag

/// A transceiver straight onto a ``TagEmulator``, with no reader in between: the protocol code's own cost for
/// the benchmarks, and the models' answers for tests.
///
/// It behaves as a reader would: a removed tag answers nothing and cannot be re-selected.
public final class EmulatorTransceiver: Transceiver, TagReselecting {
    /// The emulated tag, with its counters and fault plan.
    public var emulator: TagEmulator
    public let limits: TransceiverLimits

    /// Wraps `emulator`, with the frame limits of the reader being imitated.
    public init(_ emulator: TagEmulator, limits: TransceiverLimits) {
        self.emulator = emulator
        self.limits = limits
    }

    public func transceive(_ command: [UInt8], timeout: Duration) throws(TransceiveError) -> [UInt8] {
        switch emulator.exchange(command) {
        case .response(let bytes), .corrupted(let bytes): return bytes
        case .noResponse: throw TransceiveError(.timeout, "no answer")
        case .tagRemoved: throw TransceiveError(.tagRemoved, "gone")
        case .readerUnplugged: throw TransceiveError(.readerUnavailable, "unplugged")
        }
    }

    public func reselect() throws(TransceiveError) {
        guard emulator.isPresent else { throw TransceiveError(.tagRemoved, "gone") }
        emulator.reselect()
    }
}
