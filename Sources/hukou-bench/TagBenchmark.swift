import HukouTesting
import NDEF
import NFCReader
import NFCTag

/// `hukou-bench tags`: commands and bytes per NDEF read, ours beside the 16-byte READ loop of nfcpy and
/// libnfc's tools and beside the protocol minimum; then the software time of one read (simulated tag, no radio)
/// beside the NDEF decode alone, measured in the same run.
enum TagBenchmark {
    /// A PN532 normal frame: 252 data bytes in a response.
    static let limits = TransceiverLimits(maximumCommandLength: 252, maximumResponseLength: 252)

    /// One read scenario.
    struct Scenario {
        var name: String
        var kind: TagModelKind
        var model: any TagModel
        var message: NDEFMessage
        var ndefSize: Int
        /// The reader's frame limits for this read.
        var limits: TransceiverLimits = TagBenchmark.limits
    }

    /// A PC/SC reader with extended APDUs (e.g. a CCID reader in extended-APDU mode).
    static let extendedLimits = TransceiverLimits(maximumCommandLength: 261, maximumResponseLength: 65538)

    static func run(iterations: Int = 2000) async throws {
        let scenarios = try makeScenarios()
        print(
            "hukou-bench tags: reader frame limit \(limits.maximumResponseLength) B (PN532 normal frame) unless noted"
        )
        print("")
        print("Commands and bytes per read (sent/received, tag frames without CRC):")
        print(
            pad("scenario", 40) + pad("ours", 18) + pad("16-byte READ loop", 20) + pad("full dump", 18)
                + pad("minimum", 18) + "goal"
        )
        for scenario in scenarios {
            let ours = try measureTraffic(scenario)
            let loop = scenario.kind.isType2 ? readLoopTraffic(scenario, lazy: true) : nil
            let dump = scenario.kind.isType2 ? readLoopTraffic(scenario, lazy: false) : nil
            let minimum = minimumTraffic(scenario)
            print(
                pad(scenario.name, 40) + pad(format(ours), 18) + pad(loop.map(format) ?? "n/a (APDUs)", 20)
                    + pad(dump.map(format) ?? "n/a", 18) + pad(format(minimum), 18) + goal(scenario, ours)
            )
        }
        print("")
        print("Software time per read, simulated tag in process (no radio, no reader I/O), \(iterations) reads:")
        print(
            pad("scenario", 40) + pad("read p50 µs", 14) + pad("read p99 µs", 14) + pad("decode-only p50 µs", 20)
                + pad("via SimulatedReader p50/p99 µs", 32) + "goal ≤ 200 µs"
        )
        for scenario in scenarios {
            let read = try timeReads(scenario, iterations: iterations)
            let hop = try await timeThroughReader(scenario, iterations: iterations)
            let bytes = try scenario.message.encoded()
            let decode = timeDecodes(bytes, iterations: iterations)
            print(
                pad(scenario.name, 40) + pad(micro(read.p50), 14) + pad(micro(read.p99), 14)
                    + pad(micro(decode.p50), 20)
                    + pad(micro(hop.p50) + " / " + micro(hop.p99), 32)
                    + (hop.p50 <= .microseconds(200) ? "met" : "NOT met")
            )
        }
    }

    /// The same read through a ``SimulatedReader``: the protocol runs on the reader's queue and the caller awaits.
    static func timeThroughReader(_ scenario: Scenario, iterations: Int) async throws -> Stats {
        let reader = SimulatedReader(name: "sim:bench", limits: scenario.limits)
        let running = Task { try await reader.run() }
        defer { running.cancel() }
        var events = reader.events.makeAsyncIterator()
        var samples: [Duration] = []
        samples.reserveCapacity(iterations)
        let clock = ContinuousClock()
        for _ in 0..<iterations {
            await reader.present(scenario.model)
            var session: (any TagSession)?
            while session == nil, let event = await events.next() {
                if case .tagArrived(let arrived) = event { session = arrived }
            }
            guard let session else { throw TagModelError(.invalidConfiguration, "no arrival") }
            let target = session.target
            let start = clock.now
            let result = try await session.perform { try TagActivator.readNDEF(from: target, over: $0) }
            samples.append(clock.now - start)
            guard result.ndefBytes.count == scenario.ndefSize else {
                throw TagModelError(.invalidConfiguration, "\(scenario.name): short read")
            }
        }
        return Stats(samples)
    }

    // MARK: - Scenarios

    static func makeScenarios() throws -> [Scenario] {
        func message(size: Int) -> NDEFMessage {
            // One MIME record whose encoding is exactly `size` bytes: header 1, type length 1, payload length
            // 1 or 4, type "a/b".
            let header = size - 3 <= 255 + 3 ? 6 : 9
            return NDEFMessage(records: [
                NDEFRecord(typeNameFormat: .media, type: "a/b", payload: Array(repeating: 0x5A, count: size - header))
            ])
        }
        var scenarios: [Scenario] = []
        // Full memory: the NDEF TLV fills the data area (TLV header 4 bytes; NTAG213 also has its Lock Control TLV).
        for (kind, ndefSize) in [(TagModelKind.ntag213, 144 - 5 - 2 - 1), (.ntag215, 496 - 4), (.ntag216, 872 - 4)] {
            let msg = message(size: ndefSize)
            let encoded = try msg.encoded()
            scenarios.append(
                Scenario(
                    name: "\(kind) full (\(encoded.count) B NDEF)",
                    kind: kind,
                    model: try TagModelFactory.make(kind: kind, ndef: msg),
                    message: msg,
                    ndefSize: encoded.count
                )
            )
        }
        let small = message(size: 200)
        scenarios.append(
            Scenario(
                name: "type4 200 B NDEF (fits one MLe)",
                kind: .type4,
                model: try Type4TagModel(ndefBytes: try small.encoded()),
                message: small,
                ndefSize: 200
            )
        )
        let big = message(size: 2048)
        scenarios.append(
            Scenario(
                name: "type4 2 KB NDEF, MLe 255",
                kind: .type4,
                model: try Type4TagModel(ndefBytes: try big.encoded()),
                message: big,
                ndefSize: 2048
            )
        )
        scenarios.append(
            Scenario(
                name: "type4 2 KB NDEF, MLe 4096, ext. APDU",
                kind: .type4,
                model: try Type4TagModel(
                    ndefBytes: try big.encoded(),
                    configuration: .init(maximumResponseLength: 4096)
                ),
                message: big,
                ndefSize: 2048,
                limits: extendedLimits
            )
        )
        return scenarios
    }

    // MARK: - Traffic

    static func measureTraffic(_ scenario: Scenario) throws -> ExchangeCounters {
        let transceiver = EmulatorTransceiver(TagEmulator(scenario.model), limits: scenario.limits)
        let result = try TagActivator.readNDEF(from: transceiver.emulator.target, over: transceiver)
        guard result.message == scenario.message else {
            throw TagModelError(.invalidConfiguration, "\(scenario.name): the message read back differs")
        }
        return result.counters
    }

    /// READ `30 pp` from page 0 in 4-page steps: `lazy` stops once the NDEF TLV is complete (nfcpy's
    /// Type2TagMemoryReader), otherwise the whole memory is dumped (libnfc's nfc-mfultralight).
    static func readLoopTraffic(_ scenario: Scenario, lazy: Bool) -> ExchangeCounters {
        guard let model = scenario.model as? Type2TagModel else { return ExchangeCounters() }
        var emulator = TagEmulator(model)
        let endByte = lazy ? 16 + ndefTLVEnd(model) : model.memory.count
        var page = 0
        while page * 4 < endByte {
            _ = emulator.exchange([0x30, UInt8(page)])
            page += 4
        }
        return emulator.counters
    }

    /// The fewest commands and bytes that can carry the NDEF: Type 2 FAST_READ of the CC through the end of
    /// the NDEF TLV in full frames with the chip known in advance; Type 4 the four set-up APDUs and READ
    /// BINARY of NLEN and the message in chunks of min(MLe, frame − 2).
    static func minimumTraffic(_ scenario: Scenario) -> ExchangeCounters {
        if let model = scenario.model as? Type2TagModel {
            let bytes = 16 + ndefTLVEnd(model) - 12  // from page 3 (CC) through the end of the NDEF TLV
            let pages = (bytes + 3) / 4
            let perFrame = limits.maximumResponseLength / 4
            let commands = (pages + perFrame - 1) / perFrame
            return ExchangeCounters(commands: commands, bytesSent: 3 * commands, bytesReceived: pages * 4)
        }
        guard let model = scenario.model as? Type4TagModel else { return ExchangeCounters() }
        let chunk = min(model.configuration.maximumResponseLength, scenario.limits.maximumResponseLength - 2, 65535)
        let file = 2 + scenario.ndefSize
        let reads = (file + chunk - 1) / chunk
        let commands = 4 + reads
        // SELECT AID with Le (13), SELECT CC and NDEF (7 each), READ BINARY (5 each, 7 with an extended Le).
        let sent = 13 + 7 + 5 + 7 + (chunk > 256 ? 7 : 5) * reads
        let received = 2 * commands + 15 + file
        return ExchangeCounters(commands: commands, bytesSent: sent, bytesReceived: received)
    }

    /// The data-area offset just past the NDEF TLV value.
    static func ndefTLVEnd(_ model: Type2TagModel) -> Int {
        let dataArea = Array(model.memory.dropFirst(16))
        let scan = try? Type2TLVScanner.scan(dataArea, dataAreaSize: Int(model.memory[14]) * 8)
        return scan?.ndefRanges?.last?.upperBound ?? dataArea.count
    }

    static func goal(_ scenario: Scenario, _ ours: ExchangeCounters) -> String {
        if scenario.kind.isType2, let model = scenario.model as? Type2TagModel {
            let bytes = Int(model.memory[14]) * 8
            let bound = 1 + (bytes + limits.maximumResponseLength - 1) / limits.maximumResponseLength
            return "≤ \(bound) cmds: " + (ours.commands <= bound ? "met" : "NOT met")
        }
        if let model = scenario.model as? Type4TagModel,
            scenario.ndefSize + 2
                <= min(model.configuration.maximumResponseLength, scenario.limits.maximumResponseLength - 2)
        {
            return "≤ 5 APDUs: " + (ours.commands <= 5 ? "met" : "NOT met")
        }
        return "(does not fit one MLe)"
    }

    // MARK: - Time

    static func timeReads(_ scenario: Scenario, iterations: Int) throws -> Stats {
        var samples: [Duration] = []
        samples.reserveCapacity(iterations)
        let clock = ContinuousClock()
        for _ in 0..<iterations {
            let transceiver = EmulatorTransceiver(TagEmulator(scenario.model), limits: scenario.limits)
            let target = transceiver.emulator.target
            let start = clock.now
            let result = try TagActivator.readNDEF(from: target, over: transceiver)
            samples.append(clock.now - start)
            guard result.ndefBytes.count == scenario.ndefSize else {
                throw TagModelError(.invalidConfiguration, "\(scenario.name): short read")
            }
        }
        return Stats(samples)
    }

    static func timeDecodes(_ bytes: [UInt8], iterations: Int) -> Stats {
        var samples: [Duration] = []
        samples.reserveCapacity(iterations)
        let clock = ContinuousClock()
        var records = 0
        for _ in 0..<iterations {
            let start = clock.now
            records &+= (try? NDEFMessage(decoding: bytes).records.count) ?? 0
            samples.append(clock.now - start)
        }
        if records == 0 { print("(decode failed)") }
        return Stats(samples)
    }

    struct Stats {
        var p50: Duration
        var p99: Duration

        init(_ samples: [Duration]) {
            let sorted = samples.sorted()
            p50 = sorted.isEmpty ? .zero : sorted[sorted.count / 2]
            p99 = sorted.isEmpty ? .zero : sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
        }
    }

    // MARK: - Formatting

    static func format(_ counters: ExchangeCounters) -> String {
        "\(counters.commands) (\(counters.bytesSent)/\(counters.bytesReceived))"
    }

    static func micro(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let tenths = Int((Double(seconds) * 1e7 + Double(attoseconds) / 1e11).rounded())
        return tenths >= 100 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
    }

    /// The next tag that arrives at a reader, or nil when its events end first.
    static func nextSession(_ events: inout AsyncStream<ReaderEvent>.Iterator) async -> (any TagSession)? {
        while let event = await events.next() {
            if case .tagArrived(let session) = event { return session }
        }
        return nil
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
