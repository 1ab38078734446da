import CounterDaemon
import CounterStore
import Foundation
import HukouIntent
import Logging
import NDEF
import NFCReader
import ServiceLifecycle
import Testing

/// The documented TEST key and trusted-key set (docs/intent-vectors).
enum TestKeys {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/intent-vectors")

    static func signingKey() throws -> IntentSigningKey {
        try IntentSigningKey(jwk: Data(contentsOf: directory.appendingPathComponent("test-key.jwk")))
    }

    static func trusted() throws -> TrustedKeySet {
        try TrustedKeySet.load(from: directory.appendingPathComponent("trusted-keys.json"))
    }
}

/// The readers a test daemon opened, so the test can look at their feedback.
final class OpenedReaders: @unchecked Sendable {
    // `readers` is only touched under `lock`.
    private let lock = NSLock()
    private var readers: [String: SimulatedReader] = [:]
    private var failuresLeft: Int

    init(failFirst: Int = 0) { failuresLeft = failFirst }

    func open(_ binding: ReaderBinding) throws -> any Reader {
        lock.lock()
        defer { lock.unlock() }
        if failuresLeft > 0 {
            failuresLeft -= 1
            throw ControlProtocolError(.readerUnavailable, "simulated open failure")
        }
        let reader = SimulatedReader(name: binding.spec)
        readers[binding.spec] = reader
        return reader
    }

    func reader(_ spec: String) -> SimulatedReader? {
        lock.lock()
        defer { lock.unlock() }
        return readers[spec]
    }
}

/// A daemon in this process: in-memory store, simulated readers, its service group running in a task.
struct TestDaemon {
    let application: DaemonApplication
    let group: ServiceGroup
    let task: Task<Void, any Error>
    let readers: OpenedReaders

    init(
        readers: [String] = ["sim:window1@1", "sim:window2@2"],
        failFirst: Int = 0,
        unsignedCardsPerMinute: Int = DaemonConfiguration.defaultUnsignedCardsPerMinute,
        receiptKey: IntentSigningKey? = nil
    ) async throws {
        var configuration = DaemonConfiguration()
        configuration.unsignedCardsPerMinute = unsignedCardsPerMinute
        configuration.readers = try readers.map { try ReaderBinding(parsing: $0) }
        configuration.restartInitialDelay = .milliseconds(20)
        configuration.restartMaximumDelay = .milliseconds(80)
        let store = try CounterStore.inMemory()
        let verifier = IntentVerifier(
            catalog: .default,
            trustedKeys: try TestKeys.trusted(),
            policy: .default
        )
        let opened = OpenedReaders(failFirst: failFirst)
        var logger = Logger(label: "test.daemon")
        logger.logLevel = .critical
        application = DaemonApplication(
            configuration: configuration,
            store: store,
            verifier: verifier,
            logger: logger,
            makeReader: { try opened.open($0) },
            receipts: receiptKey.map { ReceiptIssuer(key: $0, station: "测试派出所", store: store, logger: logger) },
            readTag: { try await $0.readNDEFContent() }
        )
        self.readers = opened
        let group = application.makeServiceGroup(gracefulShutdownSignals: [])
        self.group = group
        task = Task { try await group.run() }
        // Wait (bounded, polling) until every reader is up; 30 s because other suites' synchronous tests can hold
        // the cooperative pool's threads for about ten seconds at the start of a full run on a two-core machine.
        let deadline = ContinuousClock.now + .seconds(30)
        while application.status().readers.contains(where: { $0.state != "ready" }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    func tap(_ reader: String, _ message: NDEFMessage, type: SimulatedTagType) async throws -> ControlResponse {
        await application.handle(.tap(reader: reader, ndef: try message.encoded(), tagType: type))
    }

    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}

func cardMessage(_ business: String = "ID_RENEW", window: Int? = 1) -> NDEFMessage {
    IntentDraft.message(payload: IntentDraft.serviceCard(business: business, window: window).unsignedPayload())
}

func phoneMessage(data: [String: String] = ["name": "张小明", "id": "110101199003070011", "renew_reason": "expiring"])
    async throws -> NDEFMessage
{
    let draft = IntentDraft.phone(business: "ID_RENEW", data: data, issuedAt: Date().addingTimeInterval(-2))
    return IntentDraft.message(payload: try await draft.signedPayload(with: try TestKeys.signingKey()))
}

@Suite("Tap pipeline through simulated readers", .serialized)
struct TapPipelineTests {
    @Test("a service card (Type 2) is stored once; the repeat returns it; feedback follows the commit")
    func serviceCard() async throws {
        let daemon = try await TestDaemon()
        let first = try await daemon.tap("window1", cardMessage(), type: .type2)
        let again = try await daemon.tap("sim:window1", cardMessage(), type: .type2)
        try await daemon.stop()
        #expect(first.ok && first.outcome == .accepted && first.duplicate == false, "\(first)")
        #expect(again.ok && again.outcome == .duplicate && again.duplicate == true)
        let id = try #require(first.transaction?.id)
        #expect(again.transaction?.id == id)
        let stored = try await daemon.application.store.transactions()
        #expect(stored.count == 1)
        #expect(stored.first?.window == 1 && stored.first?.state == .pending && stored.first?.profile == "card")
        #expect(await daemon.readers.reader("sim:window1")?.signalledFeedback == [.accepted, .duplicate])
        #expect(daemon.application.status().taps.accepted == 1 && daemon.application.status().taps.duplicate == 1)
        let recent = await daemon.application.handle(.recent(after: 0)).recent ?? []
        #expect(recent.map(\.outcome) == [.accepted, .duplicate] && recent.allSatisfy { $0.transactionID == id })
        #expect(await daemon.application.handle(.recent(after: recent.last?.seq ?? 0)).recent?.isEmpty == true)
    }

    @Test("a signed phone intent (Type 4 HCE) is stored masked; a replay of its nonce is the same transaction")
    func phone() async throws {
        let daemon = try await TestDaemon()
        let message = try await phoneMessage()
        let first = try await daemon.tap("window2", message, type: .type4)
        let replay = try await daemon.tap("window2", message, type: .type4)
        try await daemon.stop()
        #expect(first.outcome == .accepted, "\(first)")
        #expect(replay.outcome == .duplicate && replay.transaction?.id == first.transaction?.id)
        let stored = try #require(try await daemon.application.store.transactions().first)
        #expect(stored.maskedIDNumber == "110***********0011")
        #expect(stored.maskedName != "张小明")
        #expect(stored.signatureStatus.hasPrefix("verified"))
        #expect(stored.window == 2)
    }

    @Test("one card written with other white space, member order or win is one request")
    func cardVariantsAreOneRequest() async throws {
        let daemon = try await TestDaemon(unsignedCardsPerMinute: 0)
        let variants = [
            #"{"v":1,"svc":"ID_RENEW","win":1}"#, #"{ "v" : 1 , "svc" : "ID_RENEW" , "win" : 1 }"#,
            #"{"svc":"ID_RENEW","v":1,"win":1}"#, #"{"v":1,"svc":"ID_RENEW","win":2}"#,
            #"{"v":1,"svc":"ID_RENEW","win":3}"#, #"{"v":1,"svc":"ID_RENEW"}"#,
            "{\"v\":1,\n\"svc\":\"ID_\\u0052ENEW\"}",
        ]
        var responses: [ControlResponse] = []
        for variant in variants {
            responses.append(
                try await daemon.tap("window1", IntentDraft.message(payload: Array(variant.utf8)), type: .type2)
            )
        }
        try await daemon.stop()
        #expect(responses.first?.outcome == .accepted, "\(responses)")
        #expect(responses.dropFirst().allSatisfy { $0.outcome == .duplicate }, "\(responses.map(\.outcome))")
        #expect(try await daemon.application.store.transactions().count == 1)
    }

    @Test("unsigned cards beyond the per-reader limit are refused with a clear reason; other readers are not affected")
    func cardFloodIsLimited() async throws {
        let daemon = try await TestDaemon(unsignedCardsPerMinute: 3)
        let businesses = ["ID_RENEW", "ID_FIRST", "ID_REPLACE", "HH_BOOKLET"]
        var responses: [ControlResponse] = []
        for business in businesses {
            responses.append(try await daemon.tap("window1", cardMessage(business), type: .type2))
        }
        let otherReader = try await daemon.tap("window2", cardMessage("HH_BOOKLET"), type: .type2)
        try await daemon.stop()
        #expect(responses.prefix(3).allSatisfy { $0.outcome == .accepted }, "\(responses)")
        let refused = try #require(responses.last)
        #expect(refused.outcome == .rejected && refused.reasons?.first?.code == "rateLimited")
        #expect(refused.reasons?.first?.zh.isEmpty == false && refused.reasons?.first?.en.contains("too many") == true)
        #expect(otherReader.outcome == .accepted)
        #expect(try await daemon.application.store.transactions().count == 4)
    }

    @Test("another phone intent under a used nonce is refused as replayed, logged and counted, not answered")
    func reusedNonceIsRefused() async throws {
        let daemon = try await TestDaemon()
        let key = try TestKeys.signingKey()
        var first = IntentDraft.phone(
            business: "ID_RENEW",
            data: ["name": "张小明", "id": "110101199003070011", "renew_reason": "expiring"],
            issuedAt: Date().addingTimeInterval(-2)
        )
        first.nonce = "reused-nonce-000000000001"
        var second = IntentDraft.phone(
            business: "ID_REPLACE",
            data: ["name": "李四", "id": "11010519491231002X"],
            issuedAt: Date().addingTimeInterval(-2)
        )
        second.nonce = first.nonce
        let a = try await daemon.tap(
            "window2",
            IntentDraft.message(payload: try await first.signedPayload(with: key)),
            type: .type4
        )
        let b = try await daemon.tap(
            "window2",
            IntentDraft.message(payload: try await second.signedPayload(with: key)),
            type: .type4
        )
        let status = daemon.application.status()
        try await daemon.stop()
        #expect(a.outcome == .accepted, "\(a)")
        #expect(b.outcome == .rejected && b.reasons?.first?.code == "replayed", "\(b)")
        #expect(b.transaction == nil)
        #expect(status.taps.replayed == 1 && status.taps.rejected == 1)
        #expect(try await daemon.application.store.transactions().count == 1)
    }

    @Test("refused intents and unreadable tags store nothing and signal rejected")
    func rejections() async throws {
        let daemon = try await TestDaemon()
        let unknown = try await daemon.tap("window1", cardMessage("NO_SUCH_SERVICE"), type: .type2)
        let unsignedPhone = IntentDraft.message(
            payload: IntentDraft.phone(business: "ID_RENEW", data: [:], issuedAt: Date()).unsignedPayload()
        )
        let unsigned = try await daemon.tap("window1", unsignedPhone, type: .type4)
        let garbage = await daemon.application.handle(
            .tap(reader: "window1", ndef: [0xD1, 0x01, 0x09, 0x54], tagType: .type2)
        )
        let noReader = try await daemon.tap("window9", cardMessage(), type: .type2)
        try await daemon.stop()
        #expect(unknown.outcome == .rejected && unknown.reasons?.contains { $0.code == "unknownBusiness" } == true)
        #expect(unsigned.outcome == .rejected && unsigned.reasons?.isEmpty == false)
        // A malformed message is refused as `intent check` refuses it (docs/intent-format.md §7).
        #expect(garbage.outcome == .rejected, "\(garbage)")
        #expect(garbage.reasons?.map(\.field) == ["record"] && garbage.reasons?.first?.code == "malformedNDEF")
        for response in [unknown, unsigned, garbage] {
            #expect(response.reasons?.allSatisfy { !$0.zh.isEmpty && !$0.en.isEmpty } == true)
        }
        #expect(noReader.failure?.code == .unknownReader)
        #expect(try await daemon.application.store.transactions().isEmpty)
        #expect(await daemon.readers.reader("sim:window1")?.signalledFeedback == [.rejected, .rejected, .rejected])
    }

    @Test("a reader that fails to open is restarted with backoff until it works")
    func restart() async throws {
        let daemon = try await TestDaemon(readers: ["sim:window1@1"], failFirst: 2)
        let status = daemon.application.status().readers.first
        let response = try await daemon.tap("window1", cardMessage(), type: .type2)
        try await daemon.stop()
        #expect(status?.state == "ready" && status?.restarts == 2, "\(String(describing: status))")
        #expect(response.outcome == .accepted)
    }

    @Test("concurrent taps on two readers during shutdown: every acknowledged tap is stored, exactly once")
    func shutdownKeepsAcknowledged() async throws {
        let daemon = try await TestDaemon()
        let responses = await withTaskGroup(of: ControlResponse.self) { group in
            for index in 0..<24 {
                group.addTask {
                    do {
                        let window = index % 2 + 1
                        let message = IntentDraft.message(
                            payload: IntentDraft(
                                profile: .serviceCard,
                                business: index % 3 == 0 ? "ID_RENEW" : "HH_BOOKLET",
                                window: window,
                                data: [:]
                            ).unsignedPayload()
                        )
                        return try await daemon.tap("window\(window)", message, type: .type2)
                    } catch {
                        return ControlResponse(ControlProtocolError(.malformedRequest, "\(error)"))
                    }
                }
                if index == 12 {
                    Task { await daemon.group.triggerGracefulShutdown() }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        try await daemon.task.value
        let acknowledged = Set(responses.compactMap { $0.ok ? $0.transaction?.id : nil })
        let stored = try await daemon.application.store.transactions()
        #expect(Set(stored.map(\.id.rawValue)).isSuperset(of: acknowledged))
        #expect(Set(stored.map(\.id.rawValue)).count == stored.count)
        for response in responses where !response.ok {
            #expect(response.failure != nil || response.outcome == .rejected, "\(response)")
        }
    }
}
