public import NFCTag

/// A ``TagModel`` in the field of a reader, with a ``FaultPlan`` applied and the traffic counted.
///
/// This is the piece every front end shares: it decides, command by command, whether the tag
/// answers, stays silent, has left, or the reader itself is gone.
public struct TagEmulator: Sendable {
    /// What a front end does with one command.
    public enum Outcome: Hashable, Sendable {
        /// The tag answered with these bytes.
        case response([UInt8])
        /// The response came back damaged: these are the bytes received, one short of the real answer.
        /// A real reader reports a CRC error here; the simulated reader hands over the short frame.
        case corrupted([UInt8])
        /// No answer: the reader times out.
        case noResponse
        /// The tag has left the field.
        case tagRemoved
        /// The reader was unplugged.
        case readerUnplugged
    }

    /// The emulated tag.
    public private(set) var model: any TagModel
    /// The faults of this tap.
    public var faults: FaultPlan
    /// Traffic so far in this tap.
    public private(set) var counters = ExchangeCounters()
    /// False once the tag has left the field (by ``FaultPlan/removeAfter`` or ``remove()``).
    public private(set) var isPresent = true
    /// True once the reader was unplugged by ``FaultPlan/unplugAfter``.
    public private(set) var isReaderUnplugged = false
    /// The NDEF messages readers wrote completely (length field set last) during this tap, oldest first.
    public private(set) var writtenMessages: [[UInt8]] = []
    /// Told each message in ``writtenMessages`` as it completes (`hukou virtual` prints it for a trainer).
    public var onNDEFWritten: (@Sendable ([UInt8]) -> Void)?

    /// Puts `model` into the field for a new tap (calls ``TagModel/enterField()``).
    public init(_ model: any TagModel, faults: FaultPlan = .none) {
        var model = model
        model.enterField()
        self.model = model
        self.faults = faults
    }

    /// What the reader saw when it selected the tag.
    public var target: DetectedTarget { model.target }

    /// Sends one command to the tag.
    public mutating func exchange(_ command: [UInt8]) -> Outcome {
        let index = counters.commands
        counters.commands += 1
        counters.bytesSent += command.count
        if isReaderUnplugged { return .readerUnplugged }
        if let unplug = faults.unplugAfter, index >= unplug {
            isReaderUnplugged = true
            isPresent = false
            return .readerUnplugged
        }
        if !isPresent { return .tagRemoved }
        if let remove = faults.removeAfter, index >= remove {
            isPresent = false
            return .tagRemoved
        }
        if faults.timeoutAt == index { return .noResponse }
        let writesBefore = model.completedNDEFWrites
        let response = model.respond(to: command)
        if model.completedNDEFWrites != writesBefore, let message = model.ndefMessage {
            writtenMessages.append(message)
            onNDEFWritten?(message)
        }
        switch response {
        case .mute:
            return .noResponse
        case .data(let bytes):
            counters.bytesReceived += bytes.count
            if faults.corruptResponse == index { return .corrupted(Array(bytes.dropLast())) }
            return .response(bytes)
        }
    }

    /// The reader re-selects the tag (see ``TagModel/reselect()``); no effect once the tag has left.
    public mutating func reselect() {
        guard isPresent else { return }
        model.reselect()
    }

    /// The tag leaves the field.
    public mutating func remove() {
        isPresent = false
    }
}
