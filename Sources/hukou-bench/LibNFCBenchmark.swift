import Foundation
import NDEF
import NFCReader
import NFCReaderLibNFC
import NFCTag

/// `hukou-bench libnfc`: NDEF reads through Debian's libnfc and its `pn532_uart` driver, against the virtual PN532
/// on a pseudo-terminal in this process. Each read is timed from `TagSession.perform` to its result: PN532 frames
/// over the pty, libnfc's driver, the protocol code. Ours beside, in the same run and the same session, the
/// 16-byte READ loop that nfcpy and libnfc's tools use for Type 2.
enum LibNFCBenchmark {
    /// A failure that ends the benchmark.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(iterations: Int = 30) async throws {
        print(
            "hukou-bench libnfc: libnfc \(LibNFCInfo.version), pn532_uart on a pseudo-terminal, \(iterations) reads each"
        )
        print("(times include the PN532 frame round trips over the pty; a real PN532 adds the radio and UART time)")
        print("")
        print(
            TagBenchmark.pad("scenario", 40) + TagBenchmark.pad("ours: commands", 16) + TagBenchmark.pad("p50 ms", 10)
                + TagBenchmark.pad("p99 ms", 10) + TagBenchmark.pad("READ loop: commands", 21)
                + TagBenchmark.pad("p50 ms", 10) + "speed-up"
        )
        for scenario in try TagBenchmark.makeScenarios() where scenario.limits == TagBenchmark.limits {
            try await measure(scenario, iterations: iterations)
        }
    }

    /// Puts `model` in the field of a virtual PN532 on a pseudo-terminal in this process, opens it with a
    /// `LibNFCReader` and hands the tag's session to `body`; everything is stopped afterwards.
    static func withSession<Result>(
        on model: any TagModel,
        _ body: (any TagSession) async throws -> Result
    ) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let link = directory.appendingPathComponent("pn532").path
        let device = try VirtualPN532Device(chip: VirtualPN532(tag: TagEmulator(model)), link: link)
        let served = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? device.serve()
            served.signal()
        }
        defer {
            device.stop()
            served.wait()
        }

        let reader = LibNFCReader(connstring: "pn532_uart:\(link)")
        let running = Task { try await reader.run() }
        defer { running.cancel() }
        var events = reader.events.makeAsyncIterator()
        guard let session = await TagBenchmark.nextSession(&events) else {
            throw Failure(description: "\(model.kind): no tag arrived")
        }
        return try await body(session)
    }

    private static func measure(_ scenario: TagBenchmark.Scenario, iterations: Int) async throws {
        try await withSession(on: scenario.model) { session in
            try await measure(scenario, session: session, iterations: iterations)
        }
    }

    private static func measure(
        _ scenario: TagBenchmark.Scenario,
        session: any TagSession,
        iterations: Int
    ) async throws {
        let expected = try scenario.message.encoded()
        let target = session.target

        var ours: [Duration] = []
        var commands = 0
        let clock = ContinuousClock()
        for _ in 0..<iterations {
            let start = clock.now
            let result = try await session.perform { transceiver in
                try TagActivator.readNDEF(from: target, over: transceiver)
            }
            ours.append(start.duration(to: clock.now))
            guard result.ndefBytes == expected else { throw Failure(description: "\(scenario.name): wrong NDEF") }
            commands = result.counters.commands
        }
        let oursStats = TagBenchmark.Stats(ours)

        var loopText = TagBenchmark.pad("n/a (APDUs)", 21) + TagBenchmark.pad("", 10)
        var speedUp = ""
        if scenario.kind.isType2, let model = scenario.model as? Type2TagModel {
            let end = 16 + TagBenchmark.ndefTLVEnd(model)
            var loop: [Duration] = []
            var loopCommands = 0
            for _ in 0..<iterations {
                let start = clock.now
                loopCommands = try await session.perform { transceiver in
                    var page = 0
                    var read = 0
                    while page * 4 < end {
                        let block = try transceiver.transceive([0x30, UInt8(page)], timeout: .seconds(1))
                        guard block.count == 16 else { throw Failure(description: "READ \(page): \(block.count) B") }
                        page += 4
                        read += 1
                    }
                    return read
                }
                loop.append(start.duration(to: clock.now))
            }
            let loopStats = TagBenchmark.Stats(loop)
            loopText =
                TagBenchmark.pad("\(loopCommands)", 21) + TagBenchmark.pad(milliseconds(loopStats.p50), 10)
            let ratio =
                Double(
                    loopStats.p50.components.attoseconds + loopStats.p50.components.seconds * 1_000_000_000_000_000_000
                )
                / Double(
                    oursStats.p50.components.attoseconds + oursStats.p50.components.seconds * 1_000_000_000_000_000_000
                )
            speedUp = String(format: "%.1f×", ratio)
        }
        print(
            TagBenchmark.pad(scenario.name, 40) + TagBenchmark.pad("\(commands)", 16)
                + TagBenchmark.pad(milliseconds(oursStats.p50), 10) + TagBenchmark.pad(milliseconds(oursStats.p99), 10)
                + loopText + speedUp
        )
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.2f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}
