import Foundation
import NFCReader
import NFCReaderLibNFC
import NFCTag
import Testing

/// ``LibNFCReader`` through the stock libnfc and its `pn532_uart` driver, against a ``VirtualPN532Device`` on a
/// pseudo-terminal in this process.
@Suite("LibNFCReader through libnfc and a virtual PN532", .serialized, .timeLimit(.minutes(1)))
struct PN532LibNFCReaderTests {
    private static let text: [UInt8] = [0xD1, 0x01, 0x0E, 0x54, 0x02, 0x7A, 0x68] + Array("HUKOU:PN532".utf8)
    private static let selectNDEFApplication: [UInt8] = [
        0x00, 0xA4, 0x04, 0x00, 0x07, 0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01, 0x00,
    ]

    /// A virtual PN532 serving on a thread of its own until stopped.
    final class RunningDevice: Sendable {
        let device: VirtualPN532Device
        private let finished = DispatchSemaphore(value: 0)

        init(_ chip: VirtualPN532, link: String) throws {
            device = try VirtualPN532Device(chip: chip, link: link)
            let (device, finished) = (device, finished)
            Thread.detachNewThread {
                _ = try? device.serve()
                finished.signal()
            }
        }

        /// Stops the device and waits for its thread (bounded).
        func stop() {
            device.stop()
            _ = finished.wait(timeout: .now() + 5)
        }

        /// Waits until the device ended by itself (vanished).
        func waitUntilFinished(seconds: Double) -> Bool {
            guard finished.wait(timeout: .now() + seconds) == .success else { return false }
            finished.signal()  // for stop()
            return true
        }
    }

    private static func temporaryLink() throws -> (directory: URL, link: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pn532-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (directory, directory.appendingPathComponent("pn532").path)
    }

    private static func chip(_ kind: TagModelKind, faults: FaultPlan = .none) throws -> VirtualPN532 {
        let model = try TagModelFactory.make(kind: kind, ndefBytes: text)
        return VirtualPN532(tag: TagEmulator(model, faults: faults))
    }

    /// Runs a reader on `link` while `body` consumes its events; cancels and drains it afterwards.
    private static func withReader<Result: Sendable>(
        link: String,
        wedgeAllowance: Duration = .seconds(3),
        _ body: @Sendable (AsyncStream<ReaderEvent>.Iterator) async throws -> Result
    ) async throws -> Result {
        var configuration = LibNFCReader.Configuration()
        configuration.initialBackoff = .milliseconds(100)
        configuration.maximumBackoff = .milliseconds(400)
        configuration.wedgeAllowance = wedgeAllowance
        let reader = LibNFCReader(connstring: "pn532_uart:\(link)", configuration: configuration)
        let running = Task { try await reader.run() }
        defer { running.cancel() }
        let result = try await body(reader.events.makeAsyncIterator())
        running.cancel()
        _ = await running.result
        return result
    }

    private static func nextSession(
        _ events: inout AsyncStream<ReaderEvent>.Iterator,
        statuses: inout [ReaderStatus]
    ) async -> (any TagSession)? {
        while let event = await events.next() {
            switch event {
            case .tagArrived(let session): return session
            case .readerStatus(let status): statuses.append(status)
            case .tagDeparted: continue
            }
        }
        return nil
    }

    @Test("A phone's NDEF application answers APDUs through InDataExchange")
    func type4() async throws {
        let (directory, link) = try Self.temporaryLink()
        defer { try? FileManager.default.removeItem(at: directory) }
        let device = try RunningDevice(try Self.chip(.type4), link: link)
        defer { device.stop() }
        try await Self.withReader(link: link) { events in
            var events = events
            var statuses: [ReaderStatus] = []
            let session = try #require(await Self.nextSession(&events, statuses: &statuses))
            #expect(session.target.selRes == 0x20)
            #expect(session.target.ats == Type4TagModel.phoneATS)
            guard case .ready(let description)? = statuses.first else {
                Issue.record("no ready status before the tag: \(statuses)")
                return
            }
            #expect(description.contains("pn532_uart"))
            let answer = try await session.perform { transceiver in
                try transceiver.transceive(Self.selectNDEFApplication, timeout: .seconds(1))
            }
            #expect(answer == [0x90, 0x00])
        }
    }

    @Test("NTAG commands go raw with the CRC added and checked here: READ, FAST_READ, GET_VERSION")
    func type2() async throws {
        let (directory, link) = try Self.temporaryLink()
        defer { try? FileManager.default.removeItem(at: directory) }
        let device = try RunningDevice(try Self.chip(.ntag215), link: link)
        defer { device.stop() }
        try await Self.withReader(link: link) { events in
            var events = events
            var statuses: [ReaderStatus] = []
            let session = try #require(await Self.nextSession(&events, statuses: &statuses))
            #expect(session.target.sensRes == [0x00, 0x44])
            let (page0, fast, version, limits) = try await session.perform { transceiver in
                (
                    try transceiver.transceive([0x30, 0x00], timeout: .seconds(1)),
                    try transceiver.transceive([0x3A, 0x00, 0x40], timeout: .seconds(1)),
                    try transceiver.transceive([0x60], timeout: .seconds(1)),
                    transceiver.limits
                )
            }
            #expect(page0.count == 16)
            #expect(Array(page0[12..<16]) == [0xE1, 0x10, 0x3E, 0x00])
            #expect(fast.count == 65 * 4)  // an extended PN532 frame
            #expect(Array(fast.prefix(16)) == page0)
            #expect(version == [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x11, 0x03])
            #expect(limits.maximumResponseLength == 260)
        }
    }

    @Test("After a NAK the tag is mute until re-selected through the reselect capability")
    func nakThenReselect() async throws {
        let (directory, link) = try Self.temporaryLink()
        defer { try? FileManager.default.removeItem(at: directory) }
        let device = try RunningDevice(try Self.chip(.ultralight), link: link)
        defer { device.stop() }
        try await Self.withReader(link: link) { events in
            var events = events
            var statuses: [ReaderStatus] = []
            let session = try #require(await Self.nextSession(&events, statuses: &statuses))
            let (nak, muteError, afterReselect) = try await session.perform { transceiver in
                let nak = try transceiver.transceive([0x60], timeout: .seconds(1))
                var muteError: TransceiveError?
                do {
                    _ = try transceiver.transceive([0x30, 0x00], timeout: .seconds(1))
                } catch {
                    muteError = error as? TransceiveError
                }
                try (transceiver as? any TagReselecting)?.reselect()
                return (nak, muteError, try transceiver.transceive([0x30, 0x00], timeout: .seconds(1)))
            }
            #expect(nak.count == 1 && nak[0] != 0x0A)
            #expect(muteError?.code == .timeout)
            #expect(afterReselect.count == 16)
        }
    }

    @Test("A tag leaving mid-read fails the exchange and is reported as departed")
    func removal() async throws {
        let (directory, link) = try Self.temporaryLink()
        defer { try? FileManager.default.removeItem(at: directory) }
        let device = try RunningDevice(try Self.chip(.type4, faults: FaultPlan(removeAfter: 1)), link: link)
        defer { device.stop() }
        try await Self.withReader(link: link) { events in
            var events = events
            var statuses: [ReaderStatus] = []
            let session = try #require(await Self.nextSession(&events, statuses: &statuses))
            let failure = await #expect(throws: TransceiveError.self) {
                try await session.perform { transceiver in
                    _ = try transceiver.transceive(Self.selectNDEFApplication, timeout: .seconds(1))
                    return try transceiver.transceive(Self.selectNDEFApplication, timeout: .seconds(1))
                }
            }
            #expect(failure?.code == .timeout)
            var departed: [UInt8]?
            while let event = await events.next() {
                if case .tagDeparted(let uid) = event {
                    departed = uid
                    break
                }
            }
            #expect(departed == session.target.uid)
            await #expect(throws: TransceiveError.self) {
                try await session.perform { _ in 0 }
            }
        }
    }

    @Test("The device vanishing is reported, and the reader re-opens it when it comes back")
    func vanishAndReturn() async throws {
        let (directory, link) = try Self.temporaryLink()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The first device, with an empty field, vanishes once libnfc opened it and polling began.
        let first = try RunningDevice(VirtualPN532(tag: nil, vanishAfter: 13), link: link)
        defer { first.stop() }
        try await Self.withReader(link: link) { events in
            var events = events
            var statuses: [ReaderStatus] = []
            var second: RunningDevice?
            defer { second?.stop() }
            while let event = await events.next() {
                if case .readerStatus(let status) = event {
                    statuses.append(status)
                    if case .unavailable = status, second == nil, first.waitUntilFinished(seconds: 5) {
                        second = try RunningDevice(try Self.chip(.type4), link: link)
                    }
                }
                if case .tagArrived(let session) = event {
                    #expect(session.target.selRes == 0x20)
                    break
                }
            }
            #expect(second != nil)
            let readyCount = statuses.filter { if case .ready = $0 { true } else { false } }.count
            #expect(readyCount == 2, "\(statuses)")
        }
    }

    @Test("A chip that stops answering is aborted by the watchdog and reported; shutdown still returns")
    func wedged() async throws {
        let (directory, link) = try Self.temporaryLink()
        defer { try? FileManager.default.removeItem(at: directory) }
        let device = try RunningDevice(VirtualPN532(tag: nil, wedgeAfter: 13), link: link)
        defer { device.stop() }
        let clock = ContinuousClock()
        let started = clock.now
        let reasons = try await Self.withReader(link: link, wedgeAllowance: .milliseconds(500)) { events in
            var events = events
            var reasons: [String] = []
            while let event = await events.next() {
                if case .readerStatus(.unavailable(let reason, _)) = event {
                    reasons.append(reason)
                    if reasons.count == 2 { break }
                }
            }
            return reasons
        }
        #expect(reasons.first?.contains("stopped answering") == true, "\(reasons)")
        #expect(reasons.dropFirst().first?.contains("wedged") == true, "\(reasons)")
        #expect(started.duration(to: clock.now) < .seconds(10))
    }

    @Test("Cancelling run() aborts a long chip-side poll at once and finishes the event stream")
    func cancelAbortsPoll() async throws {
        let (directory, link) = try Self.temporaryLink()
        defer { try? FileManager.default.removeItem(at: directory) }
        let device = try RunningDevice(VirtualPN532(tag: nil), link: link)
        defer { device.stop() }
        var configuration = LibNFCReader.Configuration()
        configuration.pollRounds = 15
        configuration.pollPeriod = 15  // one poll call would take 15 × 15 × 150 ms ≈ 34 s
        let reader = LibNFCReader(connstring: "pn532_uart:\(link)", configuration: configuration)
        let running = Task { try await reader.run() }
        var events = reader.events.makeAsyncIterator()
        guard case .readerStatus(.ready)? = await events.next() else {
            Issue.record("the reader did not open the device")
            running.cancel()
            return
        }
        try await Task.sleep(for: .milliseconds(300))  // the poll is under way
        let clock = ContinuousClock()
        let cancelled = clock.now
        running.cancel()
        _ = await running.result
        while await events.next() != nil {}
        #expect(cancelled.duration(to: clock.now) < .seconds(5))
    }

    @Test("A read in flight when shutdown begins still completes; the reader stops right after it")
    func shutdownFinishesTheReadInFlight() async throws {
        let (directory, link) = try Self.temporaryLink()
        defer { try? FileManager.default.removeItem(at: directory) }
        let device = try RunningDevice(try Self.chip(.type4), link: link)
        defer { device.stop() }
        let reader = LibNFCReader(connstring: "pn532_uart:\(link)")
        let running = Task { try await reader.run() }
        defer { running.cancel() }
        var events = reader.events.makeAsyncIterator()
        var statuses: [ReaderStatus] = []
        let session = try #require(await Self.nextSession(&events, statuses: &statuses))
        let inFlight = Task {
            try await session.perform { transceiver in
                let first = try transceiver.transceive(Self.selectNDEFApplication, timeout: .seconds(1))
                Thread.sleep(forTimeInterval: 0.3)  // shutdown begins here
                let second = try transceiver.transceive(Self.selectNDEFApplication, timeout: .seconds(1))
                return first + second
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        running.cancel()
        #expect(try await inFlight.value == [0x90, 0x00, 0x90, 0x00])
        _ = await running.result
        await #expect(throws: TransceiveError.self) {
            try await session.perform { _ in 0 }
        }
    }
}
