import HukouText
import NDEF
import Testing

/// One malformed message and the error it must produce.
struct MalformedVector: CustomTestStringConvertible, Sendable {
    var rule: String
    var hex: String
    var code: NDEFDecodingError.Code
    var offset: Int
    var options = NDEFDecodingOptions()

    var testDescription: String { rule }
}

/// Every rule of NFC Forum NDEF 1.0 that the decoder enforces, each with the code and byte offset it reports.
@Suite struct NDEFRuleVectorTests {
    static let vectors: [MalformedVector] = [
        .init(rule: "empty input", hex: "", code: .emptyMessage, offset: 0),
        .init(rule: "first record without MB", hex: "550001aa", code: .missingMessageBegin, offset: 0),
        .init(rule: "MB on a later record", hex: "950001aa d50000", code: .unexpectedMessageBegin, offset: 4),
        .init(rule: "no record with ME", hex: "950001aa", code: .missingMessageEnd, offset: 4),
        .init(rule: "no ME after two records", hex: "950001aa 150000", code: .missingMessageEnd, offset: 7),
        .init(rule: "bytes after the ME record", hex: "d50001aa 00", code: .trailingBytes, offset: 4),
        .init(rule: "record after the ME record", hex: "d50000 550000", code: .trailingBytes, offset: 3),
        .init(rule: "header without type length", hex: "d5", code: .truncatedRecord, offset: 1),
        .init(rule: "short payload length missing", hex: "d500", code: .truncatedRecord, offset: 2),
        .init(rule: "long payload length cut", hex: "c500000000", code: .truncatedRecord, offset: 2),
        .init(rule: "ID length missing", hex: "dd0000", code: .truncatedRecord, offset: 3),
        .init(rule: "type past the end", hex: "d2050061", code: .truncatedRecord, offset: 3),
        .init(rule: "ID past the end", hex: "da01000261 69", code: .truncatedRecord, offset: 5),
        .init(rule: "payload past the end", hex: "d50005aa", code: .truncatedRecord, offset: 3),
        .init(rule: "long payload past the end", hex: "c50000000002aa", code: .truncatedRecord, offset: 6),
        .init(rule: "TNF 7 is reserved", hex: "d70000", code: .reservedTypeNameFormat, offset: 0),
        .init(rule: "TNF 0 with a payload", hex: "d00001aa", code: .emptyRecordWithContent, offset: 0),
        .init(rule: "TNF 0 with a type", hex: "d0010061", code: .emptyRecordWithContent, offset: 0),
        .init(rule: "TNF 0 with an ID", hex: "d800000169", code: .emptyRecordWithContent, offset: 0),
        .init(rule: "TNF 1 without a type", hex: "d10000", code: .missingType, offset: 0),
        .init(rule: "TNF 2 without a type", hex: "d20000", code: .missingType, offset: 0),
        .init(rule: "TNF 5 with a type", hex: "d5010061", code: .typeNotAllowed, offset: 0),
        .init(rule: "TNF 6 with a type", hex: "d6010061", code: .typeNotAllowed, offset: 0),
        .init(rule: "TNF 6 outside a chunk sequence", hex: "d60000", code: .unexpectedUnchanged, offset: 0),
        .init(rule: "TNF 6 as a later unchunked record", hex: "950000 560000", code: .unexpectedUnchanged, offset: 3),
        .init(rule: "first chunk with TNF 6", hex: "b60001aa 560001bb", code: .unexpectedUnchanged, offset: 0),
        .init(rule: "last chunk with TNF 5", hex: "b50001aa 550001bb", code: .chunkTypeNameFormat, offset: 4),
        .init(rule: "middle chunk with TNF 2", hex: "b50001aa 320001bb", code: .chunkTypeNameFormat, offset: 4),
        .init(rule: "chunk with TNF 0", hex: "b50001aa 500000", code: .chunkTypeNameFormat, offset: 4),
        .init(rule: "TNF 0 record chunked", hex: "b00000 560000", code: .chunkTypeNameFormat, offset: 0),
        .init(rule: "last chunk with IL", hex: "b50001aa 5e00010169bb", code: .chunkWithID, offset: 4),
        .init(rule: "middle chunk with IL", hex: "b50001aa 3e00010169bb 560000", code: .chunkWithID, offset: 4),
        .init(rule: "middle chunk with a type", hex: "b50001aa 36010061", code: .typeNotAllowed, offset: 4),
        .init(rule: "ME on a chunk with CF", hex: "f50001aa", code: .chunkWithMessageEnd, offset: 0),
        .init(rule: "ME on a middle chunk with CF", hex: "b50001aa 760001bb", code: .chunkWithMessageEnd, offset: 4),
        .init(rule: "chunk sequence never ends", hex: "b50001aa 360001bb", code: .unterminatedChunk, offset: 8),
        .init(rule: "MB on a middle chunk", hex: "b50001aa b60001bb", code: .unexpectedMessageBegin, offset: 4),
        .init(rule: "URI with an empty payload", hex: "d1010055", code: .emptyURI, offset: 4),
        .init(rule: "URI prefix code 0x24", hex: "d101025524 61", code: .invalidURIPrefix, offset: 4),
        .init(rule: "URI prefix code 0xff", hex: "d1010255ff 61", code: .invalidURIPrefix, offset: 4),
        .init(rule: "URI with a control character", hex: "d101035503 610a", code: .invalidURIText, offset: 6),
        .init(rule: "URI not UTF-8", hex: "d101035503 61ff", code: .invalidURIText, offset: 5),
        .init(rule: "Text language past the payload", hex: "d101035405 656e", code: .invalidLanguageLength, offset: 4),
        .init(rule: "Text with an empty payload", hex: "d1010054", code: .invalidTextHeader, offset: 4),
        .init(rule: "Text status with the RFU bit", hex: "d101035442 656e", code: .invalidTextHeader, offset: 4),
        .init(rule: "Text with an empty language", hex: "d101025400 61", code: .invalidLanguageLength, offset: 4),
        .init(rule: "Text language not ASCII", hex: "d101035402 65ff", code: .invalidLanguageCode, offset: 5),
        .init(
            rule: "Smart Poster without a URI",
            hex: "d10207 5370 d101035402656e",
            code: .invalidSmartPoster,
            offset: 5
        ),
        .init(
            rule: "Smart Poster with two URIs",
            hex: "d1020c 5370 91010255 0061 51010255 0062",
            code: .invalidSmartPoster,
            offset: 5
        ),
        .init(
            rule: "Smart Poster nested message with trailing records (MB+ME on every inner record)",
            hex: "d1020c 5370 d1010255 0061 d1010255 0062",
            code: .trailingBytes,
            offset: 11
        ),
        .init(
            rule: "Smart Poster with a bad nested URI",
            hex: "d10205 5370 d101015524",
            code: .invalidURIPrefix,
            offset: 9
        ),
        .init(
            rule: "URI error in the first chunk maps to the input",
            hex: "b1010155 24 560001 61",
            code: .invalidURIPrefix,
            offset: 4
        ),
        .init(
            rule: "URI error in a later chunk maps to the input",
            hex: "b1010155 04 560002 6101",
            code: .invalidURIText,
            offset: 9
        ),
        .init(
            rule: "4 GiB payload length fails at once",
            hex: "c500ffffffff",
            code: .payloadTooLarge,
            offset: 2
        ),
        .init(
            rule: "payload over a configured limit",
            hex: "d50003aabbcc",
            code: .payloadTooLarge,
            offset: 2,
            options: .init(maximumPayloadSize: 2)
        ),
        .init(
            rule: "chunks adding up past the limit",
            hex: "b50002aabb 560001cc",
            code: .payloadTooLarge,
            offset: 7,
            options: .init(maximumPayloadSize: 2)
        ),
        .init(
            rule: "more records than the limit",
            hex: "950000 150000 550000",
            code: .tooManyRecords,
            offset: 3,
            options: .init(maximumRecordCount: 1)
        ),
        .init(
            rule: "Smart Poster nesting past the limit",
            hex: "d10205 5370 d101015500",
            code: .nestingTooDeep,
            offset: 5,
            options: .init(maximumNestingDepth: 0)
        ),
    ]

    @Test(arguments: vectors)
    func rejects(_ vector: MalformedVector) throws {
        let bytes = try Hex.decode(vector.hex)
        let error = #expect(throws: NDEFDecodingError.self) {
            try NDEFMessage(decoding: bytes, options: vector.options)
        }
        #expect(error?.code == vector.code, "\(error?.description ?? "no error")")
        #expect(error?.offset == vector.offset, "\(error?.description ?? "no error")")
        #expect(error.map { !$0.message.isEmpty && !$0.message.contains("\n") } == true)
    }

    @Test func lengthOf4GiBDoesNotAllocate() throws {
        // Every byte of a 4 GiB-long record header present, nothing else: fails on the length, not on reading.
        let error = #expect(throws: NDEFDecodingError.self) {
            try NDEFMessage(decoding: [0xC2, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x61])
        }
        #expect(error?.code == .payloadTooLarge)
        #expect(error?.offset == 2)
    }

    @Test func wellKnownChecksCanBeTurnedOff() throws {
        let bytes = try Hex.decode("d101025524 61")
        let message = try NDEFMessage(decoding: bytes, options: .init(validatesWellKnownRecords: false))
        #expect(message.records.count == 1)
        #expect(throws: NDEFDecodingError.self) { try message.records[0].decodeURI() }
    }
}
