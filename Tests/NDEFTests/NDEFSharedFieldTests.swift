import NDEF
import Testing

/// The decoder hands out one array for types and IDs repeated within a message; these tests check that sharing
/// never changes what a record holds: after evictions, across messages, between tasks.
@Suite struct NDEFSharedFieldTests {
    /// A message of one external record of type `type` (and an ID), then a Text and a URI record.
    static func message(type: String, id: [UInt8], payload: [UInt8]) -> NDEFMessage {
        NDEFMessage(
            NDEFRecord(typeNameFormat: .external, type: type, id: id, payload: payload),
            .text("t", language: "en"),
            .uri("https://example.org/")
        )
    }

    @Test func typesStayCorrectAcrossManyDistinctTypes() throws {
        // 40 distinct types of a few lengths (some share a length and a prefix), decoded in turn three times:
        // entries are replaced while later messages still hold the arrays handed out before.
        let types = (0..<40).map { "example.org:t\($0 % 7)x\($0)" }
        var decoded: [NDEFMessage] = []
        for round in 0..<3 {
            for (index, type) in types.enumerated() {
                let expected = Self.message(type: type, id: [UInt8(index)], payload: [UInt8(round), UInt8(index)])
                let message = try NDEFMessage(decoding: try expected.encoded())
                #expect(message == expected)
                decoded.append(message)
            }
        }
        // Earlier results are untouched by everything decoded after them.
        for (position, message) in decoded.enumerated() {
            #expect(message.records[0].typeString == types[position % types.count])
            #expect(message.records[0].payload == [UInt8(position / types.count), UInt8(position % types.count)])
        }
    }

    @Test func repeatedTypesAndIDsWithinAMessageKeepTheirBytes() throws {
        let records = [
            NDEFRecord(typeNameFormat: .media, type: "text/plain", id: [1], payload: [1]),
            NDEFRecord(typeNameFormat: .media, type: "text/plain", id: [2], payload: [2]),
            NDEFRecord(typeNameFormat: .media, type: "text/plaiN", id: [1], payload: [3]),
            NDEFRecord(typeNameFormat: .absoluteURI, type: "text/plain", id: [1, 0], payload: [4]),
            NDEFRecord(typeNameFormat: .unknown, id: [1], payload: [5]),
            NDEFRecord(typeNameFormat: .external, type: "a:b", id: Array("a:b".utf8), payload: [6]),
        ]
        let message = try NDEFMessage(decoding: try NDEFMessage(records: records).encoded())
        #expect(message.records == records)
        // Mutating a decoded record's type never affects another record that got the same array.
        var first = message.records[0]
        first.type[0] = 0x54
        #expect(message.records[1].typeString == "text/plain")
        #expect(first.typeString == "Text/plain")
    }

    @Test func concurrentDecodersSeeTheirOwnTypes() async throws {
        let types = (0..<24).map { "example.org:concurrent\($0)" }
        let encoded = try types.map { try Self.message(type: $0, id: [7], payload: Array($0.utf8)).encoded() }
        let failures = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var failures = 0
                    for step in 0..<300 {
                        let index = (task * 7 + step) % types.count
                        guard let message = try? NDEFMessage(decoding: encoded[index]),
                            message.records[0].typeString == types[index],
                            message.records[0].payload == Array(types[index].utf8)
                        else {
                            failures += 1
                            continue
                        }
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
    }
}
