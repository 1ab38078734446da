import Foundation
import HukouIntent
import NDEF
import NFCReader
import NFCReaderLibNFC
import NFCTag

/// `hukou-bench receipt`: what writing a receipt back to a phone adds to a tap, side by side with the tap without it:
/// APDUs and bytes, and the write's software time through the simulated reader and through the stock libnfc with the
/// virtual PN532 on a pseudo-terminal. The receipts are signed with a fresh station key, like the daemon's.
enum ReceiptBenchmark {
    /// A failure that ends the benchmark.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One receipt to write.
    struct Scenario {
        var name: String
        var receipt: [UInt8]
    }

    static func run(iterations: Int = 50) async throws {
        let intent = try await phoneIntent()
        let key = try IntentSigningKey.generate(keyID: "station-bench")
        let receipt = Receipt(
            station: "重庆市涪陵区李渡派出所",
            issuedAt: Int64(Date().timeIntervalSince1970),
            nonce: IntentDraft.randomNonce(),
            business: "ID_RENEW",
            businessName: LocalizedText(zh: "居民身份证换领", en: "ID card renewal"),
            window: 3,
            state: "confirmed",
            ticket: "B012",
            position: 4,
            materials: [
                LocalizedText(zh: "居民户口簿", en: "household register"),
                LocalizedText(zh: "原居民身份证", en: "the old ID card"),
            ]
        )
        let signed = try await receipt.message(signedWith: key)
        // A receipt within one MLc (247 bytes through a PN532's frames): the three-APDU case.
        let small = try NDEFMessage(records: [
            NDEFRecord(
                typeNameFormat: .external,
                type: Receipt.recordType,
                payload: [UInt8](repeating: 0x41, count: 200)
            )
        ]).encoded()
        let scenarios = [
            Scenario(name: "signed receipt, ticket and 2 materials", receipt: signed),
            Scenario(name: "a receipt within one MLc (synthetic)", receipt: small),
        ]
        var signing: [Duration] = []
        let clock = ContinuousClock()
        for _ in 0..<iterations {
            let start = clock.now
            _ = try await receipt.message(signedWith: key)
            signing.append(start.duration(to: clock.now))
        }
        print(
            "hukou-bench receipt: phone intent of \(intent.count) bytes on an HCE app with a 2 KiB writable NDEF file"
        )
        print(
            "signing a receipt (Ed25519 JWS, jwt-kit): p50 \(TagBenchmark.micro(TagBenchmark.Stats(signing).p50)) µs, "
                + "\(signed.count) bytes"
        )
        print("")
        print(
            TagBenchmark.pad("path / receipt", 58) + TagBenchmark.pad("tap without: APDUs (sent/recv B)", 34)
                + TagBenchmark.pad("with receipt", 20) + TagBenchmark.pad("added", 18)
                + TagBenchmark.pad("write p50 µs", 14) + "p99 µs"
        )
        for scenario in scenarios {
            try await simulated(scenario, intent: intent, iterations: iterations)
        }
        for scenario in scenarios {
            try await libnfc(scenario, intent: intent, iterations: iterations)
        }
    }

    /// A signed phone intent asking for a receipt, as `hukou intent make --phone --receipt` makes it (unsigned here:
    /// the tag protocol does not look at the signature, and only its size matters).
    static func phoneIntent() async throws -> [UInt8] {
        var draft = IntentDraft.phone(
            business: "ID_RENEW",
            data: ["name": "张小明", "id": "110101199003070011", "renew_reason": "expiring"],
            issuedAt: Date()
        )
        draft.wantsReceipt = true
        let key = try IntentSigningKey.generate(keyID: "test-2026")
        return try IntentDraft.message(payload: try await draft.signedPayload(with: key)).encoded()
    }

    private static func row(_ label: String, read: ExchangeCounters, write: ExchangeCounters, times: [Duration]) {
        let stats = TagBenchmark.Stats(times)
        print(
            TagBenchmark.pad(label, 58) + TagBenchmark.pad(TagBenchmark.format(read), 34)
                + TagBenchmark.pad(TagBenchmark.format(read + write), 20)
                + TagBenchmark.pad("+" + TagBenchmark.format(write), 18)
                + TagBenchmark.pad(TagBenchmark.micro(stats.p50), 14) + TagBenchmark.micro(stats.p99)
        )
    }

    /// Read, then write, in two `perform`s of one presence on the in-process simulated reader; a new tap each time.
    private static func simulated(_ scenario: Scenario, intent: [UInt8], iterations: Int) async throws {
        let reader = SimulatedReader(name: "sim:bench", limits: TagBenchmark.limits)
        let running = Task { try await reader.run() }
        defer { running.cancel() }
        var events = reader.events.makeAsyncIterator()
        var times: [Duration] = []
        var read = ExchangeCounters()
        var write = ExchangeCounters()
        let clock = ContinuousClock()
        for _ in 0..<iterations {
            await reader.present(try Type4TagModel(ndefBytes: intent, configuration: .receiptPhone))
            guard let session = await TagBenchmark.nextSession(&events) else {
                throw Failure(description: "no tag arrived")
            }
            let target = session.target
            let (result, file) = try await session.perform { transceiver in
                try Type4Tag(target: target).readNDEFFile(over: transceiver)
            }
            read = result.counters
            let bytes = scenario.receipt
            let start = clock.now
            write = try await session.perform { transceiver in
                try Type4Tag(target: target).updateNDEF(bytes, in: file, over: transceiver)
            }
            times.append(start.duration(to: clock.now))
        }
        guard await reader.writtenNDEFMessages.last == scenario.receipt else {
            throw Failure(description: "\(scenario.name): the phone does not hold the receipt")
        }
        row("simulated reader: \(scenario.name)", read: read, write: write, times: times)
    }

    /// Read once, then write again and again in the same presence, through libnfc's `pn532_uart` driver.
    private static func libnfc(_ scenario: Scenario, intent: [UInt8], iterations: Int) async throws {
        let model = try Type4TagModel(ndefBytes: intent, configuration: .receiptPhone)
        try await LibNFCBenchmark.withSession(on: model) { session in
            try await libnfc(scenario, session: session, iterations: iterations)
        }
    }

    private static func libnfc(_ scenario: Scenario, session: any TagSession, iterations: Int) async throws {
        let target = session.target
        let (result, file) = try await session.perform { transceiver in
            try Type4Tag(target: target).readNDEFFile(over: transceiver)
        }
        var write = ExchangeCounters()
        var times: [Duration] = []
        let clock = ContinuousClock()
        let bytes = scenario.receipt
        for _ in 0..<iterations {
            let start = clock.now
            write = try await session.perform { transceiver in
                try Type4Tag(target: target).updateNDEF(bytes, in: file, over: transceiver)
            }
            times.append(start.duration(to: clock.now))
        }
        let check = try await session.perform { transceiver in
            try Type4Tag(target: target).readNDEF(over: transceiver)
        }
        guard check.ndefBytes == scenario.receipt else {
            throw Failure(description: "\(scenario.name): the receipt read back differs")
        }
        row("libnfc + virtual PN532: \(scenario.name)", read: result.counters, write: write, times: times)
    }
}
