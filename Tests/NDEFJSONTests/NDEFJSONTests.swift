import Foundation
import NDEF
import NDEFJSON
import Testing

@Suite struct NDEFJSONTests {
    static let uri = NDEFRecord.uri("https://www.gov.cn/")
    static let text = NDEFRecord.text("户籍 \"办\"\n\u{2028}", language: "zh")
    static let media = NDEFRecord(typeNameFormat: .media, type: "text/plain", id: [0x01], payload: Array("abc".utf8))
    static let external = NDEFRecord(typeNameFormat: .external, type: "mps.gov.cn:hukou", payload: [0x7B, 0x7D])

    @Test func writesTheDocumentedObject() {
        #expect(
            NDEFJSON.encode(NDEFMessage(Self.uri))
                == #"{"records":[{"tnf":1,"type":"55","id":"","payload":"02676f762e636e2f","uri":"https://www.gov.cn/"}]}"#
        )
        #expect(
            NDEFJSON.encode(NDEFMessage(Self.media))
                == #"{"records":[{"tnf":2,"type":"746578742f706c61696e","id":"01","payload":"616263"}]}"#
        )
        #expect(NDEFJSON.encode(NDEFMessage(records: [])) == #"{"records":[]}"#)
    }

    @Test func escapesTextAsJSONStringLiterals() throws {
        let json = NDEFJSON.encode(NDEFMessage(Self.text))
        #expect(json.hasSuffix(#","lang":"zh","text":"户籍 \"办\"\n\u2028"}]}"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let records = try #require(object["records"] as? [[String: Any]])
        #expect(records.first?["text"] as? String == "户籍 \"办\"\n\u{2028}")
    }

    @Test func textWithInvalidContentHasLanguageButNoText() {
        // Status byte 2 (UTF-8, language "zh"), then a byte that is not UTF-8.
        let record = NDEFRecord(typeNameFormat: .wellKnown, type: "T", payload: [0x02, 0x7A, 0x68, 0xFF])
        #expect(NDEFJSON.encode(NDEFMessage(record)).hasSuffix(#""payload":"027a68ff","lang":"zh"}]}"#))
    }

    @Test func nestsSmartPosterRecords() throws {
        let poster = try NDEFRecord.smartPoster([Self.uri, NDEFRecord.text("一触即办", language: "zh")])
        let json = NDEFJSON.encode(NDEFMessage(poster))
        #expect(json.contains(#""uri":"https://www.gov.cn/","records":[{"tnf":1,"type":"55""#))
        #expect(json.contains(#""text":"一触即办"}]}]}"#))
    }

    @Test(arguments: [
        NDEFMessage(uri),
        NDEFMessage(text),
        NDEFMessage(uri, text, media, external),
        NDEFMessage(NDEFRecord(typeNameFormat: .empty)),
        NDEFMessage(NDEFRecord(typeNameFormat: .unknown, payload: [UInt8](0...255))),
    ])
    func roundTrips(message: NDEFMessage) throws {
        let json = NDEFJSON.encode(message)
        #expect(try NDEFJSON.decode(Array(json.utf8)) == message)
        // The JSON is also what the codec itself writes back.
        #expect(NDEFJSON.encode(try NDEFJSON.decode(Array(json.utf8))) == json)
    }

    @Test func buildsURIAndTextPayloadsWhenAbsent() throws {
        let json = #"""
            {"records":[{"tnf":1,"type":"55","uri":"https://www.gov.cn/"},
            {"tnf":1,"type":"54","text":"办","lang":"zh"},{"tnf":1,"type":"54","text":"go"}]}
            """#
        let message = try NDEFJSON.decode(Array(json.utf8))
        #expect(message.records == [Self.uri, NDEFRecord.text("办", language: "zh"), NDEFRecord.text("go")])
    }

    @Test func payloadWinsOverDerivedFields() throws {
        let json = #"{"records":[{"tnf":1,"type":"55","payload":"0561","uri":"https://ignored/"}]}"#
        #expect(try NDEFJSON.decode(Array(json.utf8)).records.first?.payload == [0x05, 0x61])
    }

    @Test(arguments: [
        ("not json", NDEFJSONError.Code.notMessageObject, nil as Int?, "not the {\"records\":[…]} object"),
        (#"{"record":[]}"#, .notMessageObject, nil, "not the {\"records\":[…]} object"),
        (#"{"records":[{"type":"55"}]}"#, .notMessageObject, nil, "not the {\"records\":[…]} object"),
        (#"{"records":[{"tnf":"1"}]}"#, .notMessageObject, nil, "not the {\"records\":[…]} object"),
        (#"{"records":[{"tnf":1,"type":"55"},{"tnf":7}]}"#, .invalidTypeNameFormat, 1, "tnf 7 is not 0–6"),
        (#"{"records":[{"tnf":-1}]}"#, .invalidTypeNameFormat, 0, "tnf -1 is not 0–6"),
        (#"{"records":[{"tnf":300}]}"#, .invalidTypeNameFormat, 0, "tnf 300 is not 0–6"),
        (#"{"records":[{"tnf":1,"type":"zz"}]}"#, .invalidHex, 0, "type is not hex ('z' is not a hex digit, offset 0)"),
        (
            #"{"records":[{"tnf":1,"type":"55","id":"0"}]}"#, .invalidHex, 0,
            "id is not hex (odd number of hex digits, offset 1)"
        ),
        (
            #"{"records":[{"tnf":2,"type":"61","payload":"01 0g"}]}"#, .invalidHex, 0,
            "payload is not hex ('g' is not a hex digit, offset 4)"
        ),
    ])
    func rejectsWithCodeRecordAndMessage(json: String, code: NDEFJSONError.Code, record: Int?, message: String) {
        #expect {
            try NDEFJSON.decode(Array(json.utf8))
        } throws: { error in
            guard let error = error as? NDEFJSONError else { return false }
            return error.code == code && error.record == record && error.message.hasPrefix(message)
        }
    }

    @Test func describesErrorsOnOneLine() {
        let error = NDEFJSONError(.invalidTypeNameFormat, record: 2, "tnf 9 is not 0–6")
        #expect("\(error)" == "NDEF JSON error invalidTypeNameFormat: record 2: tnf 9 is not 0–6")
        #expect("\(NDEFJSONError(.notMessageObject, "x"))" == "NDEF JSON error notMessageObject: x")
    }
}
