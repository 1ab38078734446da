import Foundation
import NDEF
import NFCReader
import NFCTag
import Testing

@testable import NFCReaderPCSC

/// The events a reader produced so far, collected by a consumer task.
final class PCSCEventLog: @unchecked Sendable {
    // Invariant: `events` is read and written only under `lock`.
    private let lock = NSLock()
    private var events: [ReaderEvent] = []

    func append(_ event: ReaderEvent) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }

    var snapshot: [ReaderEvent] {
        lock.lock()
        defer { lock.unlock() }
        return events
    }

    /// Waits for the first arrival after `index`.
    func arrival(after index: Int = 0, within limit: Duration = .seconds(5)) async throws -> any TagSession {
        var found: (any TagSession)?
        try await poll("a tag to arrive", within: limit) {
            for event in snapshot.dropFirst(index) {
                if case .tagArrived(let session) = event {
                    found = session
                    return true
                }
            }
            return false
        }
        guard let found else { throw SandboxError("no arrival") }
        return found
    }

    func contains(within limit: Duration = .seconds(5), _ match: @escaping (ReaderEvent) -> Bool) async throws {
        try await poll("a reader event", within: limit) { snapshot.contains(where: match) }
    }
}

/// The reader running against the sandbox's pcscd, with its events collected.
struct RunningPCSCReader {
    let reader: PCSCReader
    let log = PCSCEventLog()
    let run: Task<Void, any Error>
    let consume: Task<Void, Never>

    init(_ configuration: PCSCReader.Configuration = .init(readerName: PCSCSandbox.readerName)) {
        let reader = PCSCReader(configuration: configuration)
        self.reader = reader
        run = Task { try await reader.run() }
        let log = self.log
        consume = Task { for await event in reader.events { log.append(event) } }
    }

    /// Cancels the reader and waits until its event stream finished.
    func stop() async {
        run.cancel()
        _ = await run.result
        await consume.value
    }
}

@Suite("PC/SC reader through a real pcscd and the virtual card", .serialized)
struct PCSCReaderLiveTests {
    static let text = Array("zhHUKOU:PCSC-LIVE".utf8)
    static let message: [UInt8] = [0xD1, 0x01, UInt8(1 + text.count), 0x54, 0x02] + text

    /// Skips outside root unless CI=true, where the sandbox must work.
    static func sandbox() throws -> PCSCSandbox? {
        if let reason = PCSCSandbox.unavailableReason {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("CI=true, but the pcscd sandbox cannot run: \(reason)")
            } else {
                print("skipping PC/SC live test: \(reason)")
            }
            return nil
        }
        return try PCSCSandbox()
    }

    @Test("a Type 4 tag arrives, is read by APDUs through pcscd, and departs when taken away")
    func type4ArrivalReadDeparture() async throws {
        guard let sandbox = try Self.sandbox() else { return }
        defer { sandbox.stop() }
        try await sandbox.startPCSCD()
        let running = RunningPCSCReader()
        try await running.log.contains { if case .readerStatus(.ready) = $0 { true } else { false } }
        let card = try sandbox.startCard(tag: "type4", ndef: Self.message)
        let session = try await running.log.arrival()
        #expect(session.target.atr == [0x3B, 0x80, 0x80, 0x01, 0x01])
        #expect(session.target.uid.count == 4 || session.target.uid.count == 7)
        let result = try await session.perform { transceiver in
            try TagActivator.readNDEF(from: session.target, over: transceiver)
        }
        #expect(result.ndefBytes == Self.message)
        try await sandbox.remove(card)
        try await running.log.contains { if case .tagDeparted = $0 { true } else { false } }
        await #expect(throws: TransceiveError.self) {
            try await session.perform { try $0.transceive([0x00, 0xB0, 0x00, 0x00, 0x02], timeout: .seconds(1)) }
        }
        await running.stop()
    }

    @Test("a Type 2 storage card already on the reader at start is read by FF B0, FAST_READ falling back to READ")
    func type2AlreadyPresent() async throws {
        guard let sandbox = try Self.sandbox() else { return }
        defer { sandbox.stop() }
        try await sandbox.startPCSCD()
        try sandbox.startCard(tag: "ntag215", ndef: Self.message)
        try await poll("the card to be seen by pcscd", within: .seconds(5)) {
            await PCSCDiscovery.readers().readers.first?.state.hasPrefix("card present") == true
        }
        let running = RunningPCSCReader()
        let session = try await running.log.arrival()
        #expect(session.target.uid.count == 7)
        let result = try await session.perform { transceiver in
            try TagActivator.readNDEF(from: session.target, over: transceiver)
        }
        #expect(result.ndefBytes == Self.message)
        #expect(result.tagType == .type2)
        await running.stop()
    }

    @Test("pcscd restarted while the reader waits: it reports the outage, reconnects, and reads the next tap")
    func pcscdRestart() async throws {
        guard let sandbox = try Self.sandbox() else { return }
        defer { sandbox.stop() }
        try await sandbox.startPCSCD()
        let running = RunningPCSCReader()
        try await running.log.contains { if case .readerStatus(.ready) = $0 { true } else { false } }
        try await sandbox.stopPCSCD()
        try await running.log.contains { if case .readerStatus(.unavailable) = $0 { true } else { false } }
        let before = running.log.snapshot.count
        try await sandbox.startPCSCD()
        try sandbox.startCard(tag: "type4", ndef: Self.message)
        let session = try await running.log.arrival(after: before, within: .seconds(10))
        let result = try await session.perform { transceiver in
            try TagActivator.readNDEF(from: session.target, over: transceiver)
        }
        #expect(result.ndefBytes == Self.message)
        await running.stop()
    }

    @Test("cancelling run() ends the event stream promptly (SCardCancel) and later performs fail")
    func cancellation() async throws {
        guard let sandbox = try Self.sandbox() else { return }
        defer { sandbox.stop() }
        try await sandbox.startPCSCD()
        let running = RunningPCSCReader(.init(readerName: PCSCSandbox.readerName, pollInterval: .seconds(30)))
        try await running.log.contains { if case .readerStatus(.ready) = $0 { true } else { false } }
        let start = ContinuousClock.now
        await running.stop()
        #expect(ContinuousClock.now - start < .seconds(2))
    }
}
