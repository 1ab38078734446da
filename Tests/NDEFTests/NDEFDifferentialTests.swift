import Foundation
import HukouText
import NDEF
import Testing

/// Compares the decoder with ndeflib 0.3.3 (`scripts/ndeflib-decode.py`, run once with many messages) on
/// generated messages without chunks (ndeflib does not reassemble them).
@Suite struct NDEFDifferentialTests {
    /// ndeflib's record type string for a TNF and type.
    static func ndeflibType(_ record: NDEFRecord) -> String {
        let type = String(decoding: record.type, as: UTF8.self)
        return switch record.typeNameFormat {
        case .empty: ""
        case .wellKnown: "urn:nfc:wkt:" + type
        case .media, .absoluteURI: type
        case .external: "urn:nfc:ext:" + type
        case .unknown: "unknown"
        case .unchanged: "unchanged"
        }
    }

    @Test(.enabled(if: TestEnvironment.ndeflibPython != nil || TestEnvironment.isCI))
    func agreesWithNdeflib() throws {
        let python = try #require(TestEnvironment.ndeflibPython, "ndeflib's .venv is missing (run make test)")
        var generator = MessageGenerator(seed: 0xD1FF)
        var messages: [[UInt8]] = []
        var truncated: [[UInt8]] = []
        for _ in 0..<400 {
            let bytes = try generator.message().encoded(options: generator.encodingOptions(allowChunks: false))
            messages.append(bytes)
            // Cut inside the message, never to nothing: ndeflib takes empty input as a message of no records.
            truncated.append(Array(bytes[..<generator.int(1...bytes.count - 1)]))
        }
        let all = messages + truncated
        let request = try JSONSerialization.data(withJSONObject: ["mode": "compare", "messages": all.map(Hex.encode)])
        let script = TestEnvironment.packageRoot.appendingPathComponent("scripts/ndeflib-decode.py").path
        let result = try ChildProcess.run(python, [script], stdin: [UInt8](request), timeout: .seconds(120))
        #expect(!result.timedOut)
        try #require(result.status == 0, "ndeflib script failed: \(result.stderr)")
        let answers = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [[String: Any]])
        try #require(answers.count == all.count)

        for (index, bytes) in messages.enumerated() {
            let hex = Hex.encode(bytes)
            let ours = try NDEFMessage(decoding: bytes).records
            let theirs = try #require(answers[index]["records"] as? [[String: String]], "ndeflib rejected \(hex)")
            try #require(theirs.count == ours.count, "record count differs for \(hex)")
            for (record, other) in zip(ours, theirs) {
                #expect(other["type"] == Self.ndeflibType(record), "\(hex)")
                #expect(other["id"] == Hex.encode(record.id), "\(hex)")
                #expect(other["payload"] == Hex.encode(record.payload), "\(hex)")
                if record.isWellKnown("U") {
                    #expect(other["uri"] == (try record.decodeURI()), "\(hex)")
                }
                if record.isWellKnown("T") {
                    let text = try record.decodeText()
                    #expect(other["text"] == text.text, "\(hex)")
                    #expect(other["lang"] == text.language, "\(hex)")
                }
            }
        }
        for (index, bytes) in truncated.enumerated() {
            #expect(answers[messages.count + index]["error"] != nil, "ndeflib accepted \(Hex.encode(bytes))")
            #expect(throws: NDEFDecodingError.self) { try NDEFMessage(decoding: bytes) }
        }
    }
}
