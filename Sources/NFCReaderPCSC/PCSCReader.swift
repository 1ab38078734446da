public import NFCReader

/// A ``NFCReader/Reader`` for a contactless reader behind pcsc-lite (pcscd): ACR122U, ACR1252U, SCL3711 in
/// CCID mode, or the virtual reader of vsmartcard's vpcd.
///
/// ``run()`` starts a thread of its own that owns the PC/SC context and waits in `SCardGetStatusChange` on the
/// reader and on `\\?PnP?\Notification` (reader hotplug). A tap is recognised by pcsc-lite's per-reader event
/// counter, so a tag that came and went between two waits is not missed. Type 4 tags take APDUs; Type 2 tags,
/// which PC/SC readers present as storage cards, get their READ translated to `FF B0` (PC/SC Part 3). When pcscd
/// goes away or restarts, the reader reports ``NFCReader/ReaderStatus/unavailable(reason:retryIn:)`` and
/// establishes a new context with backoff; it never ends ``events`` for that.
public struct PCSCReader: Reader {
    /// How the reader chooses its PC/SC reader and how it waits.
    public struct Configuration: Sendable {
        /// The PC/SC reader name (exact, or a prefix such as `ACS ACR122U`); nil takes the first reader pcscd lists.
        public var readerName: String?
        /// The longest single wait in `SCardGetStatusChange`; shorter waits notice new work sooner.
        public var pollInterval: Duration
        /// The first pause before re-establishing a lost context; doubled up to ``maximumRetryDelay``.
        public var initialRetryDelay: Duration
        /// The longest pause between attempts to reach pcscd.
        public var maximumRetryDelay: Duration

        /// Creates a configuration.
        public init(
            readerName: String? = nil,
            pollInterval: Duration = .milliseconds(500),
            initialRetryDelay: Duration = .milliseconds(100),
            maximumRetryDelay: Duration = .seconds(2)
        ) {
            self.readerName = readerName
            self.pollInterval = pollInterval
            self.initialRetryDelay = initialRetryDelay
            self.maximumRetryDelay = maximumRetryDelay
        }
    }

    public let name: String
    public let events: AsyncStream<ReaderEvent>
    private let engine: PCSCReaderEngine

    /// Creates a reader; nothing touches pcscd until ``run()``.
    public init(configuration: Configuration = Configuration()) {
        name = "pcsc" + (configuration.readerName.map { ":" + $0 } ?? "")
        let (stream, continuation) = AsyncStream.makeStream(
            of: ReaderEvent.self,
            bufferingPolicy: .bufferingNewest(ReaderEvent.bufferLimit)
        )
        events = stream
        engine = PCSCReaderEngine(configuration: configuration, continuation: continuation)
    }

    /// Waits for tags until the task is cancelled; then aborts the pending wait with `SCardCancel`, releases the
    /// context and finishes ``events``. A reader runs once; calling this again returns at once.
    public func run() async throws {
        let engine = self.engine
        await withTaskCancellationHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                engine.start { done.resume() }
            }
        } onCancel: {
            engine.stop()
        }
    }
}
