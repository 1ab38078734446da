import Foundation
import HukouTestSupport
import NDEF
import NFCReader
import NFCTag
import Testing

@testable import NFCReaderPCSC

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
        return try PCSCSandbox.inProcess()
    }

    @Test(
        "a Type 4 tag arrives, is read by APDUs through pcscd, and departs when taken away",
        .enabled(if: PCSCSandbox.shouldRun, "needs root, unshare, pcscd and vpcd")
    )
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

    @Test(
        "a Type 2 storage card already on the reader at start is read by FF B0, FAST_READ falling back to READ",
        .enabled(if: PCSCSandbox.shouldRun, "needs root, unshare, pcscd and vpcd")
    )
    func type2AlreadyPresent() async throws {
        guard let sandbox = try Self.sandbox() else { return }
        defer { sandbox.stop() }
        try await sandbox.startPCSCD()
        try sandbox.startCard(tag: "ntag215", ndef: Self.message)
        try await poll("the card to be seen by pcscd", within: .seconds(30)) {
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

    @Test(
        "pcscd restarted while the reader waits: it reports the outage, reconnects, and reads the next tap",
        .enabled(if: PCSCSandbox.shouldRun, "needs root, unshare, pcscd and vpcd")
    )
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

    @Test(
        "a tag taken away and tapped again while the reader was busy is a new tap (pcsc-lite's event counter)",
        .enabled(if: PCSCSandbox.shouldRun, "needs root, unshare, pcscd and vpcd")
    )
    func retapWhileBusy() async throws {
        guard let sandbox = try Self.sandbox() else { return }
        defer { sandbox.stop() }
        try await sandbox.startPCSCD()
        let running = RunningPCSCReader()
        let first = try sandbox.startCard(tag: "type4", ndef: Self.message)
        let session = try await running.log.arrival()
        // Keep the reader's thread busy while the tag leaves and a new one arrives, so the reader never sees
        // the empty state: only the event counter tells the two taps apart.
        let busy = Task { try await session.perform { _ in Thread.sleep(forTimeInterval: 2) } }
        try await Task.sleep(for: .milliseconds(100))
        try await sandbox.remove(first)
        try await poll("pcscd to see the removal", within: .seconds(30)) {
            await PCSCDiscovery.readers().readers.first?.state == "no card"
        }
        try sandbox.startCard(tag: "type4", ndef: Self.message)
        try await poll("pcscd to see the new card", within: .seconds(30)) {
            await PCSCDiscovery.readers().readers.first?.state.hasPrefix("card present") == true
        }
        try await busy.value
        let before = running.log.snapshot.firstIndex {
            if case .tagArrived = $0 { true } else { false }
        }
        let second = try await running.log.arrival(after: (before ?? 0) + 1)
        #expect(second.target.uid != session.target.uid)
        try await running.log.contains {
            if case .tagDeparted(let uid) = $0 { uid == session.target.uid } else { false }
        }
        let result = try await second.perform { transceiver in
            try TagActivator.readNDEF(from: second.target, over: transceiver)
        }
        #expect(result.ndefBytes == Self.message)
        await running.stop()
    }

    @Test("without pcscd the reader reports itself unavailable and keeps trying; a second run() returns at once")
    func withoutPCSCD() async throws {
        // Needs no root: the sandbox only points PCSCLITE_CSOCK_NAME at a socket nobody serves.
        let sandbox = try PCSCSandbox.inProcess()
        defer { sandbox.stop() }
        let running = RunningPCSCReader()
        try await running.log.contains {
            if case .readerStatus(.unavailable(let reason, _)) = $0 { reason.hasPrefix("pcscd") } else { false }
        }
        try await running.reader.run()
        await running.stop()
    }

    @Test(
        "cancelling run() aborts a 30-second wait at once (SCardCancel) and ends the event stream",
        .enabled(if: PCSCSandbox.shouldRun, "needs root, unshare, pcscd and vpcd")
    )
    func cancellation() async throws {
        guard let sandbox = try Self.sandbox() else { return }
        defer { sandbox.stop() }
        try await sandbox.startPCSCD()
        let running = RunningPCSCReader(.init(readerName: PCSCSandbox.libraryReaderName, pollInterval: .seconds(30)))
        try await running.log.contains { if case .readerStatus(.ready) = $0 { true } else { false } }
        let start = ContinuousClock.now
        await running.stop()
        #expect(ContinuousClock.now - start < .seconds(2))
    }
}
