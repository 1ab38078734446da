public import NFCTag

/// A source of tag taps: a USB reader through libnfc or PC/SC, or a simulated reader.
///
/// ``run()`` owns the device until it returns (cancel the task or finish graceful shutdown to stop it);
/// meanwhile ``events`` yields arrivals and departures. A reader recovers by itself from an unplugged
/// or wedged device and reports it as ``ReaderEvent/readerStatus(_:)``; it never ends the stream for that.
public protocol Reader: Sendable {
    /// A short name for logs and configuration (e.g. `pcsc:ACS ACR122U 00 00`, `sim:window1`).
    var name: String { get }

    /// The events of this reader; finishes when ``run()`` returns. Only one consumer may iterate it.
    var events: AsyncStream<ReaderEvent> { get }

    /// Polls the device and yields events until cancelled.
    func run() async throws
}

/// Something that happened at a reader.
public enum ReaderEvent: Sendable {
    /// A tag came into the field; the session is valid until the matching ``tagDeparted(uid:)``.
    case tagArrived(any TagSession)
    /// The tag with this UID left the field.
    case tagDeparted(uid: [UInt8])
    /// The reader became ready, went away, or is recovering.
    case readerStatus(ReaderStatus)
}

extension ReaderEvent {
    /// The most events a reader, or anything relaying its events, keeps for a consumer busy with a tap; past it
    /// the oldest are dropped (`bufferingNewest`), so a flood of arrivals costs bounded memory.
    ///
    /// One tap is an arrival and a departure, and a tap's read and commit take milliseconds while a person
    /// needs about a second to tap again: 16 events are eight taps waiting, more than one window ever queues.
    /// The dropped events are the oldest, whose tags have long left the field.
    public static let bufferLimit = 16
}

/// The health of a reader, for logs, `hukou readers` and the clerk's screen.
public enum ReaderStatus: Sendable, Hashable {
    /// Open and polling.
    case ready(description: String)
    /// The device is missing or failed; the reader retries with backoff.
    case unavailable(reason: String, retryIn: Duration)
}

/// A tag in the field and the means to talk to it.
///
/// Protocol code runs synchronously on the reader's own thread through ``perform(_:)``; the
/// caller awaits the result. After the tag leaves, ``perform(_:)`` fails with
/// ``TransceiveError/Code/tagRemoved``.
public protocol TagSession: Sendable {
    /// What the reader saw when the tag was selected.
    var target: DetectedTarget { get }

    /// Runs `body` on the reader's thread with a transceiver for this tag.
    func perform<Result: Sendable>(
        _ body: @escaping @Sendable (any Transceiver) throws -> Result
    ) async throws -> Result

    /// Gives the citizen feedback on the reader where it can (LED, buzzer); a no-op elsewhere.
    func signal(_ feedback: ReaderFeedback) async
}

/// What the reader should tell the citizen after a tap: three outcomes a citizen can tell apart.
///
/// Given after the commit, and after the receipt a phone asked for was written (or failed), so the signal also
/// means "you may take the phone away". The description (`accepted`, `repeated`, `refused`) is what logs show.
public enum ReaderFeedback: Sendable, Hashable, CustomStringConvertible {
    /// Received and stored (with or without a receipt).
    case accepted
    /// Received before; nothing new was created (a receipt is written again if one was asked for).
    case duplicate
    /// Could not be read or was refused.
    case rejected

    public var description: String {
        switch self {
        case .accepted: "accepted"
        case .duplicate: "repeated"
        case .rejected: "refused"
        }
    }
}
