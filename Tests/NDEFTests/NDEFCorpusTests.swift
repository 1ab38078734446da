import Foundation
import HukouText
import NDEF
import Testing

/// The real NDEF messages of the shared corpus (skipped when the corpus is absent).
@Suite(.enabled(if: TestEnvironment.corpus != nil, "the shared tag corpus is absent"))
struct NDEFCorpusTests {
    /// Files the corpus notes describe as malformed, with the error a strict decoder must give.
    static let malformed: [String: NDEFDecodingError.Code] = [
        // Every record nested in the Smart Poster has MB and ME: the nested message ends after one record.
        "nfctools-sp-1.hex": .trailingBytes
    ]

    @Test func everyMessageDecodesOrIsRejectedAsDocumented() throws {
        let files = try TestEnvironment.corpusFiles("ndef")
        #expect(files.count >= 8)
        for (name, hex) in files {
            let bytes = try Hex.decode(hex.trimmingCharacters(in: .whitespacesAndNewlines))
            if let code = Self.malformed[name] {
                let error = #expect(throws: NDEFDecodingError.self, "\(name)") { try NDEFMessage(decoding: bytes) }
                #expect(error?.code == code, "\(name)")
                continue
            }
            let message = try NDEFMessage(decoding: bytes)
            #expect(!message.records.isEmpty, "\(name)")
            // Re-encoding keeps every logical record.
            #expect(try NDEFMessage(decoding: message.encoded()) == message, "\(name)")
        }
    }

    @Test func ruuviBinaryTextDecodesAsAMessage() throws {
        let hex = try #require(try TestEnvironment.corpusFiles("ndef").first { $0.name == "ruuvi-1.hex" }).hex
        let records = try NDEFMessage(decoding: try Hex.decode(hex.trimmingCharacters(in: .whitespacesAndNewlines)))
            .records
        #expect(records.count == 4)
        #expect(try records.map { try $0.decodeTextLanguage() } == ["id", "ad", "sw", "dt"])
        #expect(try records[2].decodeText().text.hasPrefix("SW: Ruuvi"))
        #expect(throws: NDEFDecodingError.self) { try records[3].decodeText() }
    }

    @Test func smartPosterCorpusErrorPointsIntoThePayload() throws {
        let hex = try #require(try TestEnvironment.corpusFiles("ndef").first { $0.name == "nfctools-sp-1.hex" }).hex
        let error = #expect(throws: NDEFDecodingError.self) {
            try NDEFMessage(decoding: try Hex.decode(hex.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        // Outer header (5 bytes) + the first nested record (15 bytes): the second nested record starts at 20.
        #expect(error?.offset == 20)
    }
}
