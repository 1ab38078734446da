import NDEF
import NFCReader
import NFCTag
import Testing

@Suite("Simulated reader through the async API", .timeLimit(.minutes(1)))
struct SimulatedReaderTests {
    static let message = NDEFMessage(records: [.uri("https://gaj.example.cn/hukou/qianru")])

    /// Starts `reader.run()` and returns its task; callers cancel it.
    static func start(_ reader: SimulatedReader) -> Task<Void, any Error> {
        Task { try await reader.run() }
    }

    static func session(from event: ReaderEvent?) throws -> any TagSession {
        guard case .tagArrived(let session) = event else {
            throw TagModelError(.invalidConfiguration, "expected an arrival, got \(String(describing: event))")
        }
        return session
    }

    @Test("Arrival, read on the reader's queue, departure; the session is dead after departure")
    func arrivalReadDeparture() async throws {
        let reader = SimulatedReader(name: "sim:test")
        let run = Self.start(reader)
        defer { run.cancel() }
        var events = reader.events.makeAsyncIterator()
        guard case .readerStatus(.ready) = await events.next() else {
            Issue.record("no ready status")
            return
        }
        await reader.present(try TagModelFactory.make(kind: .ntag215, ndef: Self.message))
        let session = try Self.session(from: await events.next())
        let target = session.target
        let result = try await session.perform { transceiver in
            try TagActivator.readNDEF(from: target, over: transceiver)
        }
        #expect(result.message == Self.message)
        #expect(result.product == "NTAG215")
        #expect(await reader.lastTapCounters == result.counters)

        await reader.remove()
        guard case .tagDeparted(let uid) = await events.next() else {
            Issue.record("no departure")
            return
        }
        #expect(uid == target.uid)
        await #expect(throws: TransceiveError.self) {
            try await session.perform { transceiver in
                try transceiver.transceive([0x30, 0x00], timeout: .milliseconds(10))
            }
        }
        await session.signal(.accepted)
        #expect(await reader.signalledFeedback == [.accepted])
    }

    @Test("A phone taps twice: two arrivals with different random UIDs")
    func phoneTaps() async throws {
        let reader = SimulatedReader(name: "sim:phone")
        let run = Self.start(reader)
        defer { run.cancel() }
        var events = reader.events.makeAsyncIterator()
        _ = await events.next()
        let phone = try TagModelFactory.make(kind: .type4, ndef: Self.message)
        var uids: [[UInt8]] = []
        for _ in 0..<4 {
            await reader.present(phone)
            let session = try Self.session(from: await events.next())
            let target = session.target
            let result = try await session.perform { try TagActivator.readNDEF(from: target, over: $0) }
            #expect(result.message == Self.message)
            #expect(result.counters.commands == 5)
            uids.append(target.uid)
            await reader.remove()
            _ = await events.next()
        }
        #expect(Set(uids).count > 1)
    }

    @Test("Removal mid-read: a typed tag-lost error and a departure event")
    func removalMidRead() async throws {
        let reader = SimulatedReader(name: "sim:removal")
        let run = Self.start(reader)
        defer { run.cancel() }
        var events = reader.events.makeAsyncIterator()
        _ = await events.next()
        let big = NDEFMessage(records: [
            NDEFRecord(typeNameFormat: .media, type: "a/b", payload: Array(repeating: 7, count: 600))
        ])
        await reader.present(try TagModelFactory.make(kind: .ntag216, ndef: big), faults: FaultPlan(removeAfter: 2))
        let session = try Self.session(from: await events.next())
        let target = session.target
        let error = await #expect(throws: TagError.self) {
            try await session.perform { try TagActivator.readNDEF(from: target, over: $0) }
        }
        #expect(error?.isTagLost == true)
        #expect(error?.transceiveError?.code == .tagRemoved)
        guard case .tagDeparted = await events.next() else {
            Issue.record("no departure after removal")
            return
        }
    }

    @Test("A corrupted frame fails the read; the next tap reads fine")
    func corruptedFrame() async throws {
        let reader = SimulatedReader(name: "sim:corrupt")
        let run = Self.start(reader)
        defer { run.cancel() }
        var events = reader.events.makeAsyncIterator()
        _ = await events.next()
        let tag = try TagModelFactory.make(kind: .ntag213, ndef: Self.message)
        await reader.present(tag, faults: FaultPlan(corruptResponse: 1))
        let first = try Self.session(from: await events.next())
        let target = first.target
        let error = await #expect(throws: TagError.self) {
            try await first.perform { try TagActivator.readNDEF(from: target, over: $0) }
        }
        #expect(error?.code == .invalidResponse)
        await reader.present(tag)
        _ = await events.next()  // departure of the first tap
        let second = try Self.session(from: await events.next())
        let secondTarget = second.target
        let result = try await second.perform { try TagActivator.readNDEF(from: secondTarget, over: $0) }
        #expect(result.message == Self.message)
    }

    @Test("Unplugged mid-read: reader-unavailable error, status events, recovery")
    func unplugAndRecover() async throws {
        let reader = SimulatedReader(name: "sim:unplug", recoveryDelay: .milliseconds(50))
        let run = Self.start(reader)
        defer { run.cancel() }
        var events = reader.events.makeAsyncIterator()
        _ = await events.next()
        let tag = try TagModelFactory.make(kind: .ntag215, ndef: Self.message)
        await reader.present(tag, faults: FaultPlan(unplugAfter: 1))
        let session = try Self.session(from: await events.next())
        let target = session.target
        let error = await #expect(throws: TagError.self) {
            try await session.perform { try TagActivator.readNDEF(from: target, over: $0) }
        }
        #expect(error?.transceiveError?.code == .readerUnavailable)
        guard case .tagDeparted = await events.next() else {
            Issue.record("no departure at unplug")
            return
        }
        guard case .readerStatus(.unavailable) = await events.next() else {
            Issue.record("no unavailable status")
            return
        }
        guard case .readerStatus(.ready) = await events.next() else {
            Issue.record("no recovery")
            return
        }
        await reader.present(tag)
        let again = try Self.session(from: await events.next())
        let againTarget = again.target
        let result = try await again.perform { try TagActivator.readNDEF(from: againTarget, over: $0) }
        #expect(result.message == Self.message)
    }

    @Test("Manual unplug reports the reader unavailable, then ready again")
    func manualUnplug() async throws {
        let reader = SimulatedReader(name: "sim:plug", recoveryDelay: .milliseconds(20))
        let run = Self.start(reader)
        defer { run.cancel() }
        var events = reader.events.makeAsyncIterator()
        _ = await events.next()
        await reader.unplug()
        guard case .readerStatus(.unavailable(_, let retryIn)) = await events.next() else {
            Issue.record("no unavailable status")
            return
        }
        #expect(retryIn == .milliseconds(20))
        guard case .readerStatus(.ready) = await events.next() else {
            Issue.record("no ready status")
            return
        }
    }

    @Test("MIFARE Classic arrives and is refused by activation, without a command sent")
    func classicRefused() async throws {
        let reader = SimulatedReader(name: "sim:classic")
        let run = Self.start(reader)
        defer { run.cancel() }
        var events = reader.events.makeAsyncIterator()
        _ = await events.next()
        await reader.present(MifareClassicTagModel())
        let session = try Self.session(from: await events.next())
        let target = session.target
        let error = await #expect(throws: TagError.self) {
            try await session.perform { try TagActivator.readNDEF(from: target, over: $0) }
        }
        #expect(error?.code == .unsupportedTag)
        #expect(await reader.lastTapCounters.commands == 0)
    }

    @Test("Tags given at creation are presented when run starts; the stream ends when run ends")
    func presentOnRun() async throws {
        let tag = try TagModelFactory.make(kind: .ultralight, ndef: Self.message)
        let reader = SimulatedReader(name: "sim:oneshot", presentOnRun: [(tag, .none)])
        let run = Self.start(reader)
        var events = reader.events.makeAsyncIterator()
        _ = await events.next()
        let session = try Self.session(from: await events.next())
        let target = session.target
        let result = try await session.perform { try TagActivator.readNDEF(from: target, over: $0) }
        #expect(result.message == Self.message)
        #expect(result.product == "Type 2 tag")
        run.cancel()
        while let event = await events.next() { _ = event }  // finishes
        #expect(await reader.totalCounters.commands == result.counters.commands)
    }
}
