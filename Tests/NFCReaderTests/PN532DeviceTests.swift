import Foundation
import NFCReader
import NFCReaderLibNFC
import Testing

/// ``VirtualPN532Device`` on its pseudo-terminal, driven byte by byte from the slave side as a host would.
@Suite("Virtual PN532 device on a pseudo-terminal", .serialized, .timeLimit(.minutes(1)))
struct PN532DeviceTests {
    /// The host's end: the slave of the device's pty, opened like a serial port.
    final class Host {
        let descriptor: Int32

        init(path: String) throws {
            descriptor = open(path, O_RDWR | O_NOCTTY)
            try #require(descriptor >= 0, "open \(path): errno \(errno)")
        }

        deinit { close(descriptor) }

        func send(_ frame: PN532Frame) { send(frame.encoded) }

        func send(_ bytes: [UInt8]) {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            #expect(written == bytes.count)
        }

        /// Reads frames until `count` arrived or `timeout` passed.
        func receive(_ count: Int, timeout: Duration) -> [PN532Frame] {
            var decoder = PN532FrameDecoder()
            var frames: [PN532Frame] = []
            let deadline = ContinuousClock.now + timeout
            while frames.count < count, ContinuousClock.now < deadline {
                var descriptorSet = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptorSet, 1, 20) > 0 else { continue }
                var buffer = [UInt8](repeating: 0, count: 512)
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                decoder.append(buffer.prefix(count))
                while let frame = try? decoder.nextFrame() { frames.append(frame) }
            }
            return frames
        }
    }

    /// A device serving on its own thread, stopped (and waited for) at the end.
    private static func withDevice(
        _ chip: VirtualPN532,
        _ body: (VirtualPN532Device, String, DispatchSemaphore) throws -> Void
    ) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pn532dev-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let link = directory.appendingPathComponent("pn532").path
        let device = try VirtualPN532Device(chip: chip, link: link)
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? device.serve()
            finished.signal()
        }
        defer {
            device.stop()
            _ = finished.wait(timeout: .now() + 5)
        }
        try body(device, link, finished)
    }

    @Test("After the HSU wake-up, a command is acknowledged and answered")
    func wakeupAndCommand() throws {
        try Self.withDevice(VirtualPN532(tag: nil)) { _, link, _ in
            let host = try Host(path: link)
            host.send([0x55, 0x55] + [UInt8](repeating: 0, count: 14))
            host.send(.information(payload: [0xD4, 0x14, 0x01]))
            #expect(host.receive(2, timeout: .seconds(2)) == [.ack, .response(to: 0x14)])
            host.send(.information(payload: [0xD4, 0x02]))
            #expect(host.receive(2, timeout: .seconds(2)) == [.ack, .response(to: 0x02, [0x32, 0x01, 0x06, 0x07])])
        }
    }

    @Test("The host's ACK aborts a poll the chip is still running; the next command gets its own answer")
    func abortPendingPoll() throws {
        try Self.withDevice(VirtualPN532(tag: nil)) { _, link, _ in
            let host = try Host(path: link)
            host.send(.information(payload: [0xD4, 0x60, 0x0F, 0x0F, 0x10]))  // about 34 s with an empty field
            #expect(host.receive(1, timeout: .seconds(2)) == [.ack])
            host.send(.ack)
            #expect(host.receive(1, timeout: .milliseconds(300)).isEmpty)
            host.send(.information(payload: [0xD4, 0x02]))
            #expect(host.receive(2, timeout: .seconds(2)) == [.ack, .response(to: 0x02, [0x32, 0x01, 0x06, 0x07])])
        }
    }

    @Test("A finite poll of an empty field is answered with no target after the poll time")
    func finitePollTiming() throws {
        try Self.withDevice(VirtualPN532(tag: nil)) { _, link, _ in
            let host = try Host(path: link)
            let clock = ContinuousClock()
            let start = clock.now
            host.send(.information(payload: [0xD4, 0x60, 0x01, 0x02, 0x10]))  // 1 × 2 × 150 ms
            #expect(host.receive(2, timeout: .seconds(3)) == [.ack, .response(to: 0x60, [0x00])])
            #expect(start.duration(to: clock.now) >= .milliseconds(300))
        }
    }

    @Test("A corrupted frame is ignored like a real chip ignores it: no ACK, no answer")
    func corruptedFrame() throws {
        try Self.withDevice(VirtualPN532(tag: nil)) { _, link, _ in
            let host = try Host(path: link)
            host.send([0x00, 0x00, 0xFF, 0x02, 0xFE, 0xD4, 0x02, 0x2B, 0x00])  // DCS off by one
            #expect(host.receive(1, timeout: .milliseconds(300)).isEmpty)
            host.send(.information(payload: [0xD4, 0x8C]))  // unknown command
            #expect(host.receive(2, timeout: .seconds(2)) == [.ack, .applicationError])
        }
    }

    @Test("Vanishing closes the pty and removes the link")
    func vanish() throws {
        try Self.withDevice(VirtualPN532(tag: nil, vanishAfter: 1)) { _, link, finished in
            let host = try Host(path: link)
            host.send(.information(payload: [0xD4, 0x02]))
            #expect(host.receive(2, timeout: .seconds(2)).count == 2)
            host.send(.information(payload: [0xD4, 0x02]))
            #expect(finished.wait(timeout: .now() + 2) == .success)
            finished.signal()  // for the cleanup's wait
            #expect(!FileManager.default.fileExists(atPath: link))
            var byte: UInt8 = 0
            #expect(read(host.descriptor, &byte, 1) <= 0)  // hang-up: EOF or EIO
        }
    }

    @Test("A tag tapped while an endless poll waits is reported at once")
    func tagArrivesDuringPoll() throws {
        let model = try TagModelFactory.make(kind: .ntag213, ndefBytes: [0xD0, 0x00, 0x00])
        let chip = VirtualPN532(tag: TagEmulator(model), arrivesLater: true)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pn532dev-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let link = directory.appendingPathComponent("pn532").path
        let device = try VirtualPN532Device(chip: chip, link: link, tagArrival: .milliseconds(400))
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? device.serve()
            finished.signal()
        }
        defer {
            device.stop()
            _ = finished.wait(timeout: .now() + 5)
        }
        let host = try Host(path: link)
        let clock = ContinuousClock()
        let start = clock.now
        host.send(.information(payload: [0xD4, 0x60, 0xFF, 0x02, 0x10]))
        let frames = host.receive(2, timeout: .seconds(3))
        #expect(frames.first == .ack)
        guard frames.count == 2, case .information(let answer) = frames[1] else {
            Issue.record("no poll answer: \(frames)")
            return
        }
        #expect(Array(answer.prefix(5)) == [0xD5, 0x61, 0x01, 0x10, 12])
        #expect(start.duration(to: clock.now) >= .milliseconds(350))
    }
}
