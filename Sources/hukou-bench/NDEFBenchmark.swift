import Foundation
import HukouTesting
import HukouText
import NDEF

/// `hukou-bench ndef`: NDEF decode throughput against ndeflib 0.3.3 and against a plain copy of the same bytes.
///
/// Corpus: 2 000 messages generated from a fixed seed (1–6 records of Text, URI, MIME, external, unknown
/// types; payloads mostly under 64 bytes like real tags), plus one 256 KiB single-record message.
enum NDEFBenchmark {
    static func run() throws {
        let corpus = try makeCorpus()
        let totalBytes = corpus.reduce(0) { $0 + $1.count }
        print("corpus: \(corpus.count) messages, \(totalBytes) bytes (seed 0x4E444546)")
        Benchmark.row("", "messages/s", "MB/s", "vs ndeflib")

        // Every decoded record is used: its TNF, type, ID and payload sizes and the payload's first byte are read,
        // so no part of the decoding can be skipped or deferred.
        var records = 0
        let swift = try Benchmark.measure {
            for message in corpus {
                for record in try NDEFMessage(decoding: message).records {
                    records &+= Int(record.typeNameFormat.rawValue) &+ record.type.count &+ record.id.count
                    records &+= record.payload.count &+ Int(record.payload.first ?? 0)
                }
            }
        }
        var copied = 0
        let copy = Benchmark.measure {
            for message in corpus {
                let duplicate = Benchmark.copy(message)
                copied &+= duplicate.count
                Benchmark.consume(duplicate)
            }
        }
        Benchmark.consume((records, copied))

        let ndeflib = try ndeflibThroughput(corpus)
        func show(_ label: String, messagesPerSecond: Double) {
            let megabytes = messagesPerSecond * Double(totalBytes) / Double(corpus.count) / 1e6
            let ratio = ndeflib.map { Benchmark.format(messagesPerSecond / $0) + "×" } ?? "-"
            Benchmark.row(label, Benchmark.format(messagesPerSecond, decimals: 0), Benchmark.format(megabytes), ratio)
        }
        let perMessage = Double(corpus.count)
        show("hukou NDEF decode", messagesPerSecond: swift.perSecond * perMessage)
        show("plain copy of the bytes", messagesPerSecond: copy.perSecond * perMessage)
        if let ndeflib {
            show("ndeflib 0.3.3 (python)", messagesPerSecond: ndeflib)
            let ratio = swift.perSecond * perMessage / ndeflib
            print("decode vs ndeflib: \(Benchmark.format(ratio))× (goal ≥ 50×) \(ratio >= 50 ? "ok" : "MISSED")")
        } else {
            print("ndeflib: skipped (no .venv; `make test-deps` installs it)")
        }

        // One large single-record message against a copy of the same bytes.
        var generator = SplitMix64(seed: 0x4C41_5247)
        let payload = (0..<(256 << 10)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let large = try NDEFMessage(
            NDEFRecord(typeNameFormat: .media, type: "application/octet-stream", payload: payload)
        )
        .encoded()
        var largeBytes = 0
        let largeDecode = try Benchmark.measure {
            largeBytes &+= try NDEFMessage(decoding: large).records[0].payload.count
        }
        let largeCopy = Benchmark.measure {
            let duplicate = Benchmark.copy(large)
            largeBytes &+= duplicate.count
            Benchmark.consume(duplicate)
        }
        Benchmark.consume(largeBytes)
        print("")
        print("large message: \(large.count) bytes, one record")
        Benchmark.row("", "µs/message", "MB/s", "vs copy")
        let decodeMicros = 1e6 / largeDecode.perSecond
        let copyMicros = 1e6 / largeCopy.perSecond
        Benchmark.row(
            "hukou NDEF decode",
            Benchmark.format(decodeMicros, decimals: 2),
            Benchmark.format(Double(large.count) * largeDecode.perSecond / 1e6),
            Benchmark.format(decodeMicros / copyMicros, decimals: 2) + "×"
        )
        Benchmark.row(
            "plain copy of the bytes",
            Benchmark.format(copyMicros, decimals: 2),
            Benchmark.format(Double(large.count) * largeCopy.perSecond / 1e6),
            "1.00×"
        )
        let ratio = decodeMicros / copyMicros
        print(
            "large decode vs copy: \(Benchmark.format(ratio, decimals: 2))× (goal ≤ 3×) \(ratio <= 3 ? "ok" : "MISSED")"
        )
    }

    /// The fixed corpus: 2 000 messages from a seeded generator.
    static func makeCorpus() throws -> [[UInt8]] {
        var random = SplitMix64(seed: 0x4E44_4546)
        func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
        func ascii(_ count: Int) -> String {
            let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
            return String((0..<count).map { _ in letters[int(0...letters.count - 1)] })
        }
        func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
        var corpus: [[UInt8]] = []
        for _ in 0..<2000 {
            var records: [NDEFRecord] = []
            for _ in 0..<int(1...6) {
                switch int(0...4) {
                case 0: records.append(.text("service " + ascii(int(0...40)), language: "zh-CN"))
                case 1: records.append(.uri("https://www.example.gov.cn/" + ascii(int(1...40))))
                case 2:
                    records.append(
                        NDEFRecord(typeNameFormat: .media, type: "application/json", payload: bytes(int(0...120)))
                    )
                case 3:
                    records.append(
                        NDEFRecord(
                            typeNameFormat: .external,
                            type: "gov.cn:hukou",
                            id: Array("1".utf8),
                            payload: bytes(int(0...64))
                        )
                    )
                default: records.append(NDEFRecord(typeNameFormat: .unknown, payload: bytes(int(0...32))))
                }
            }
            corpus.append(try NDEFMessage(records: records).encoded())
        }
        return corpus
    }

    /// ndeflib's messages per second on the same corpus, measured by `scripts/ndeflib-decode.py` in `.venv`.
    static func ndeflibThroughput(_ corpus: [[UInt8]]) throws -> Double? {
        let python = Benchmark.packageRoot.appendingPathComponent(".venv/bin/python")
        let script = Benchmark.packageRoot.appendingPathComponent("scripts/ndeflib-decode.py")
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return nil }
        let request = try JSONSerialization.data(
            withJSONObject: ["mode": "bench", "seconds": 2.0, "messages": corpus.map(Hex.encode)]
        )
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("ndef-bench-\(getpid()).json")
        try request.write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        let output = Pipe()
        process.executableURL = python
        process.arguments = [script.path]
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let result = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let rounds = result["rounds"] as? Double ?? (result["rounds"] as? Int).map(Double.init),
            let seconds = result["seconds"] as? Double,
            let messages = result["messages"] as? Int
        else {
            throw BenchmarkError(description: "ndeflib benchmark failed (status \(process.terminationStatus))")
        }
        return rounds * Double(messages) / seconds
    }

    struct BenchmarkError: Error, CustomStringConvertible {
        var description: String
    }
}
