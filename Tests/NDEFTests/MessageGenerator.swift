import HukouTesting
import NDEF

/// Generates random, valid NDEF messages from a seeded PRNG.
struct MessageGenerator {
    var random: SplitMix64
    /// Allow long payloads (above 255 bytes, sometimes tens of KiB).
    var allowsLongPayloads = true

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    mutating func ascii(_ count: Int, from alphabet: String = "abcdefghijklmnopqrstuvwxyz0123456789-.") -> [UInt8] {
        let letters = Array(alphabet.utf8)
        return (0..<count).map { _ in letters[int(0...letters.count - 1)] }
    }

    mutating func text(_ count: Int, from alphabet: String) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters[int(0...characters.count - 1)] })
    }

    mutating func payloadLength() -> Int {
        switch int(0...19) {
        case 0: allowsLongPayloads ? int(256...70_000) : int(0...255)
        case 1...3: allowsLongPayloads ? int(200...600) : int(200...255)
        default: int(0...40)
        }
    }

    /// A random record of any TNF 0–5 with content that every strict decoder accepts.
    mutating func record() -> NDEFRecord {
        let id = int(0...3) == 0 ? ascii(int(1...8)) : []
        switch int(0...8) {
        case 0:
            return NDEFRecord(typeNameFormat: .empty)
        case 1:
            let text = text(int(0...30), from: "abc xyz 户籍办理 éü😀")
            var record = NDEFRecord.text(text, language: int(0...1) == 0 ? "en" : "zh-CN")
            record.id = id
            return record
        case 2:
            var record = NDEFRecord.uri(
                NDEFURIPrefix.table[int(0...0x23)] + String(decoding: ascii(int(1...40)), as: UTF8.self)
            )
            record.id = id
            return record
        case 3:
            // RFC 2046 allows more, but ndeflib only takes a top-level type of letters, digits and '-'.
            let type =
                ascii(int(1...10), from: "abcdefghijklmnopqrstuvwxyz0123456789-") + Array("/".utf8)
                + ascii(int(1...10))
            return NDEFRecord(typeNameFormat: .media, type: type, id: id, payload: bytes(payloadLength()))
        case 4:
            let type = Array("https://".utf8) + ascii(int(1...12)) + Array("/".utf8) + ascii(int(1...12))
            return NDEFRecord(typeNameFormat: .absoluteURI, type: type, id: id, payload: bytes(payloadLength()))
        case 5:
            let type = ascii(int(1...12)) + Array(":".utf8) + ascii(int(1...12))
            return NDEFRecord(typeNameFormat: .external, type: type, id: id, payload: bytes(payloadLength()))
        case 6:
            return NDEFRecord(typeNameFormat: .unknown, id: id, payload: bytes(payloadLength()))
        default:
            // A well-known type that is neither T, U nor Sp: no payload rules.
            let type = Array("x".utf8) + ascii(int(0...4))
            return NDEFRecord(typeNameFormat: .wellKnown, type: type, id: id, payload: bytes(payloadLength()))
        }
    }

    mutating func message() -> NDEFMessage {
        NDEFMessage(records: (0..<int(1...6)).map { _ in record() })
    }

    /// Random encoding options: chunk sizes from 1 byte up, short records on or off.
    mutating func encodingOptions(allowChunks: Bool = true) -> NDEFEncodingOptions {
        let chunkSize: Int? = allowChunks && int(0...2) == 0 ? [1, 2, 7, 64, 255, 256, 4096][int(0...6)] : nil
        return NDEFEncodingOptions(chunkSize: chunkSize, usesShortRecords: int(0...3) != 0)
    }
}
