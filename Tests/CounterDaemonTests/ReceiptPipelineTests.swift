import CounterDaemon
import CounterStore
import Foundation
import HukouIntent
import HukouTesting
import Logging
import NDEF
import NFCReader
import NFCTag
import Testing

/// A phone intent that asks for a receipt.
func receiptPhoneMessage() async throws -> (NDEFMessage, nonce: String) {
    var draft = IntentDraft.phone(
        business: "ID_RENEW",
        data: ["name": "张小明", "id": "110101199003070011", "renew_reason": "expiring"],
        issuedAt: Date().addingTimeInterval(-2)
    )
    draft.wantsReceipt = true
    let message = IntentDraft.message(payload: try await draft.signedPayload(with: try TestKeys.signingKey()))
    return (message, draft.nonce ?? "")
}

@Suite("Receipts written back in the tap pipeline", .serialized)
struct ReceiptPipelineTests {
    static let stationKey = try! IntentSigningKey.generate(keyID: "station-test")

    static func stationKeys() throws -> TrustedKeySet {
        try TrustedKeySet(jwks: stationKey.trustedKeySetJSON())
    }

    @Test("A phone asking for a receipt gets a pending receipt after the commit; the clerk sees the tap first")
    func pendingReceipt() async throws {
        let daemon = try await TestDaemon(receiptKey: Self.stationKey)
        let (message, nonce) = try await receiptPhoneMessage()
        let response = try await daemon.tap("window1", message, type: .type4)
        let plain = try await daemon.tap("window1", try await phoneMessage(), type: .type4)
        let reader = try #require(daemon.readers.reader("sim:window1"))
        let written = await reader.writtenNDEFMessages
        let feedback = await reader.signalledFeedback
        try await daemon.stop()

        #expect(response.outcome == .accepted && response.receipt == .delivered, "\(response)")
        #expect(plain.outcome == .accepted && plain.receipt == nil, "\(plain)")
        #expect(written.count == 1)
        let verified = try ReceiptVerifier.verify(
            message: try #require(written.first),
            keys: try Self.stationKeys(),
            nonce: nonce
        )
        #expect(verified.receipt.state == "pending" && verified.receipt.ticket == nil)
        #expect(
            verified.receipt.window == 1 && verified.receipt.business == "ID_RENEW" && verified.receipt.position == 1
        )
        #expect(verified.receipt.station == "测试派出所" && !verified.receipt.materials.isEmpty)
        #expect(feedback == [.accepted, .accepted])
        let id = try #require(response.transaction?.id)
        let delivery = try await daemon.application.store.receiptDelivery(of: TransactionID(id))
        #expect(delivery?.delivered == true && delivery?.attempts == 1)
    }

    @Test("Withdrawn at every write command: the transaction stands, no half receipt, the repeat writes it again")
    func withdrawnMidWrite() async throws {
        let store = try CounterStore.inMemory()
        var logger = Logger(label: "test.receipt")
        logger.logLevel = .critical
        let pipeline = TapPipeline(
            verifier: IntentVerifier(catalog: .default, trustedKeys: try TestKeys.trusted(), policy: .default),
            store: store,
            logger: logger,
            receipts: ReceiptIssuer(key: Self.stationKey, station: "测试派出所", store: store, logger: logger),
            readTag: { try await $0.readNDEFContent() }
        )
        let binding = try ReaderBinding(parsing: "sim:desk@1")
        // The read's commands come first; the receipt's UPDATE BINARY follow (NLEN 0, the chunks, NLEN).
        let (sample, _) = try await receiptPhoneMessage()
        let sampleModel = try Type4TagModel(ndefBytes: try sample.encoded(), configuration: .receiptPhone)
        let readCommands = try Type4Tag(target: sampleModel.target).readNDEF(
            over: EmulatorTransceiver(
                TagEmulator(sampleModel),
                limits: .init(maximumCommandLength: 252, maximumResponseLength: 252)
            )
        ).counters.commands
        var failedWrites = 0
        var transactions = 0
        for index in readCommands..<readCommands + 5 {
            for faults in [
                FaultPlan(removeAfter: index), FaultPlan(corruptResponse: index), FaultPlan(timeoutAt: index),
            ] {
                let (message, nonce) = try await receiptPhoneMessage()
                let bytes = try message.encoded()
                transactions += 1
                let reader = SimulatedReader(name: "sim:desk")
                let run = Task { try await reader.run() }
                defer { run.cancel() }
                var events = reader.events.makeAsyncIterator()
                _ = await events.next()
                await reader.present(try Type4TagModel(ndefBytes: bytes, configuration: .receiptPhone), faults: faults)
                guard case .tagArrived(let session) = await events.next() else {
                    Issue.record("no arrival")
                    return
                }
                let acknowledged = LockedList<TapOutcome>()
                let first = try await pipeline.process(session, binding: binding) { acknowledged.append($0) }.get()
                #expect(first.kind == .accepted && first.receipt == .failed, "\(faults)")
                if first.receipt == .failed { failedWrites += 1 }
                #expect(acknowledged.all.map(\.kind) == [.accepted])
                let held = await reader.lastTagModel?.ndefMessage
                #expect(
                    held == bytes || held == []
                        || held.map { try? ReceiptVerifier.verify(message: $0, keys: try Self.stationKeys()) } != nil,
                    "\(faults): \(String(describing: held?.count))"
                )
                #expect(
                    await reader.writtenNDEFMessages.allSatisfy {
                        (try? ReceiptVerifier.verify(message: $0, keys: try Self.stationKeys())) != nil
                    }
                )

                // The citizen taps again with the same intent: a repeat, and the receipt is written.
                await reader.present(try Type4TagModel(ndefBytes: bytes, configuration: .receiptPhone))
                var session2: (any TagSession)?
                while let event = await events.next() {
                    if case .tagArrived(let next) = event {
                        session2 = next
                        break
                    }
                }
                let again = try await pipeline.process(try #require(session2), binding: binding).get()
                #expect(again.kind == .duplicate && again.receipt == .delivered, "\(faults)")
                let last = try #require(await reader.lastTagModel?.ndefMessage)
                let verified = try ReceiptVerifier.verify(message: last, keys: try Self.stationKeys(), nonce: nonce)
                #expect(verified.receipt.state == "pending")
                let id = TransactionID(try #require(first.transaction?.id))
                #expect(
                    try await store.receiptDelivery(of: id)
                        == ReceiptDelivery(
                            delivered: true,
                            attempts: 2,
                            updatedAt: try #require(try await store.receiptDelivery(of: id)?.updatedAt)
                        )
                )
                run.cancel()
            }
        }
        #expect(failedWrites == transactions)
        #expect(try await store.transactions().count == transactions)
    }

    @Test("After the clerk confirms, a repeat tap writes the ticket, the queue state and the position")
    func ticketAfterConfirmation() async throws {
        let daemon = try await TestDaemon(receiptKey: Self.stationKey)
        let (message, nonce) = try await receiptPhoneMessage()
        let first = try await daemon.tap("window1", message, type: .type4)
        let id = TransactionID(try #require(first.transaction?.id))
        let confirmed = try await daemon.application.store.confirm(id, operator: "clerk1")
        let again = try await daemon.tap("window1", message, type: .type4)
        let written = await daemon.readers.reader("sim:window1")?.writtenNDEFMessages ?? []
        try await daemon.stop()
        #expect(again.outcome == .duplicate && again.receipt == .delivered)
        let receipt = try ReceiptVerifier.verify(
            message: try #require(written.last),
            keys: try Self.stationKeys(),
            nonce: nonce
        ).receipt
        #expect(receipt.ticket == confirmed.ticket && receipt.ticket != nil)
        #expect(receipt.state == "confirmed" && receipt.position == 1)
    }
}

/// Values appended from any thread (callbacks, log handlers, sessions), read back in order.
final class LockedList<Element: Sendable>: @unchecked Sendable {
    // `elements` is only touched under `lock`.
    private let lock = NSLock()
    private var elements: [Element] = []

    func append(_ element: Element) {
        lock.lock()
        elements.append(element)
        lock.unlock()
    }

    var all: [Element] {
        lock.lock()
        defer { lock.unlock() }
        return elements
    }
}

/// Collects log records, to check what a reader without LED or buzzer leaves in the log.
final class CapturedLog: Sendable {
    private let records = LockedList<(message: String, metadata: Logger.Metadata)>()

    func append(_ message: String, _ metadata: Logger.Metadata) {
        records.append((message, metadata))
    }

    /// The `feedback` metadata of the "citizen feedback" lines, in order.
    var feedback: [String] {
        records.all.filter { $0.message == "citizen feedback" }.compactMap { $0.metadata["feedback"]?.description }
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.append(event.message.description, metadata.merging(event.metadata ?? [:]) { $1 })
        }
    }
}

@Suite("Citizen feedback: three outcomes on the reader and in the log")
struct FeedbackTests {
    @Test("accepted, repeated, refused are signalled on the reader and logged for readers without LED or buzzer")
    func threeOutcomes() async throws {
        let log = CapturedLog()
        let logger = Logger(label: "test.feedback") { _ in CapturedLog.Handler(log: log) }
        let store = try CounterStore.inMemory()
        let pipeline = TapPipeline(
            verifier: IntentVerifier(catalog: .default, trustedKeys: try TestKeys.trusted(), policy: .default),
            store: store,
            logger: logger,
            readTag: { try await $0.readNDEFContent() }
        )
        let binding = try ReaderBinding(parsing: "sim:desk@1")
        let reader = SimulatedReader(name: "sim:desk")
        let run = Task { try await reader.run() }
        defer { run.cancel() }
        var events = reader.events.makeAsyncIterator()
        _ = await events.next()
        let card = try cardMessage().encoded()
        let refused = try IntentDraft.message(payload: Array(#"{"v":2,"svc":"ID_RENEW"}"#.utf8)).encoded()
        for bytes in [card, card, refused] {
            await reader.present(try TagModelFactory.make(kind: .ntag215, ndefBytes: bytes))
            var session: (any TagSession)?
            while let event = await events.next() {
                if case .tagArrived(let next) = event {
                    session = next
                    break
                }
            }
            _ = await pipeline.process(try #require(session), binding: binding)
        }
        #expect(await reader.signalledFeedback == [.accepted, .duplicate, .rejected])
        #expect(log.feedback == ["accepted", "repeated", "refused"])
    }
}

/// A tag session that notes each `perform` in a shared log, to check the order of read, acknowledgement and write.
struct RecordingSession: TagSession {
    let base: any TagSession
    let log: LockedList<String>
    var target: DetectedTarget { base.target }

    func perform<Result: Sendable>(
        _ body: @escaping @Sendable (any Transceiver) throws -> Result
    ) async throws -> Result {
        log.append("perform")
        return try await base.perform(body)
    }

    func signal(_ feedback: ReaderFeedback) async {
        log.append("signal \(feedback)")
        await base.signal(feedback)
    }
}

@Suite("The order of a receipt tap")
struct ReceiptOrderTests {
    @Test("read, commit and acknowledgement, then the write in a second perform, then the citizen's signal")
    func order() async throws {
        let store = try CounterStore.inMemory()
        var logger = Logger(label: "test.order")
        logger.logLevel = .critical
        let pipeline = TapPipeline(
            verifier: IntentVerifier(catalog: .default, trustedKeys: try TestKeys.trusted(), policy: .default),
            store: store,
            logger: logger,
            receipts: ReceiptIssuer(
                key: ReceiptPipelineTests.stationKey,
                station: "测试派出所",
                store: store,
                logger: logger
            ),
            readTag: { try await $0.readNDEFContent() }
        )
        let reader = SimulatedReader(name: "sim:desk")
        let run = Task { try await reader.run() }
        defer { run.cancel() }
        var events = reader.events.makeAsyncIterator()
        _ = await events.next()
        let (message, _) = try await receiptPhoneMessage()
        await reader.present(try Type4TagModel(ndefBytes: try message.encoded(), configuration: .receiptPhone))
        guard case .tagArrived(let session) = await events.next() else {
            Issue.record("no arrival")
            return
        }
        let log = LockedList<String>()
        let outcome = try await pipeline.process(
            RecordingSession(base: session, log: log),
            binding: try ReaderBinding(parsing: "sim:desk@1")
        ) { outcome in
            // The transaction is committed when the clerk is told: it is in the store already.
            log.append("acknowledged \(outcome.kind)")
        }.get()
        #expect(log.all == ["perform", "acknowledged accepted", "perform", "signal accepted"])
        #expect(outcome.receipt == .delivered)
        #expect(try await store.transactions().count == 1)
    }
}
