import HukouText
import NDEF
import Testing

/// Decoding of well-formed messages: every TNF, chunk reassembly, Text, URI and Smart Poster.
@Suite struct NDEFRecordTypeTests {
    private func decode(_ hex: String) throws -> [NDEFRecord] {
        try NDEFMessage(decoding: try Hex.decode(hex)).records
    }

    @Test func emptyRecord() throws {
        #expect(try decode("d00000") == [NDEFRecord(typeNameFormat: .empty)])
    }

    @Test func mediaAbsoluteExternalUnknown() throws {
        let records = try decode(
            "9a0a0301 746578742f706c61696e 37 616263"  // media text/plain, ID "7", "abc"
                + "130600 68747470733a"  // absolute URI "https:" (no payload)
                + "140d01 6578616d706c652e636f6d3a78 ff"  // external example.com:x
                + "550002 0102"  // unknown, ME
        )
        #expect(records.count == 4)
        #expect(
            records[0] == NDEFRecord(typeNameFormat: .media, type: "text/plain", id: [0x37], payload: Array("abc".utf8))
        )
        #expect(records[1] == NDEFRecord(typeNameFormat: .absoluteURI, type: "https:"))
        #expect(records[2].isExternal("Example.COM:x"))
        #expect(records[2].payload == [0xFF])
        #expect(records[3] == NDEFRecord(typeNameFormat: .unknown, payload: [1, 2]))
    }

    @Test func longRecordWithShortPayload() throws {
        let records = try decode("c5000000000301 0203")
        #expect(records == [NDEFRecord(typeNameFormat: .unknown, payload: [1, 2, 3])])
    }

    @Test func chunksAreReassembled() throws {
        // First chunk carries type and ID; middle and last chunks TNF 6; one empty middle chunk.
        let records = try decode("ba030202 612f62 6964 6869 360000 360002 6a6b 56000121")
        #expect(records.count == 1)
        #expect(records[0].typeNameFormat == .media)
        #expect(records[0].typeString == "a/b")
        #expect(records[0].id == Array("id".utf8))
        #expect(records[0].payload == Array("hijk!".utf8))
    }

    @Test func chunkedRecordBetweenOthers() throws {
        let records = try decode("950001aa 350001bb 160001cc 550000")
        #expect(records.map(\.payload) == [[0xAA], [0xBB, 0xCC], []])
    }

    @Test func textUTF8() throws {
        let text = try #require(try decode("d1010a5402 7a68 e4bda0e5a5bd21").first).decodeText()
        #expect(text == NDEFText(language: "zh", text: "你好!", encoding: .utf8))
    }

    @Test func textUTF16BigEndianWithoutBOM() throws {
        let text = try #require(try decode("d10107548265 6e004e0061").first).decodeText()
        #expect(text == NDEFText(language: "en", text: "Na", encoding: .utf16))
    }

    @Test func textUTF16WithBigEndianBOM() throws {
        let text = try #require(try decode("d10109548265 6efeff4e2d6587").first).decodeText()
        #expect(text.text == "中文")
    }

    @Test func textUTF16WithLittleEndianBOM() throws {
        let text = try #require(try decode("d10109548265 6efffe2d4e8765").first).decodeText()
        #expect(text.text == "中文")
    }

    @Test func textUTF16OddLengthIsReportedByDecodeText() throws {
        let record = try #require(try decode("d10106548265 6e004e00").first)
        let error = #expect(throws: NDEFDecodingError.self) { try record.decodeText() }
        #expect(error?.code == .invalidTextEncoding)
        #expect(error?.offset == 3)
        #expect(try record.decodeTextLanguage() == "en")
    }

    @Test func binaryTextIsAcceptedByTheMessageButNotAsText() throws {
        let record = try #require(try decode("d10105540264 74ff00").first)
        #expect(throws: NDEFDecodingError.self) { try record.decodeText() }
    }

    @Test func textEncoderRoundTrips() throws {
        for encoding in [NDEFText.Encoding.utf8, .utf16] {
            let record = NDEFRecord.text("户籍 😀", language: "zh-CN", encoding: encoding)
            let decoded = try NDEFMessage(decoding: try NDEFMessage(record).encoded()).records[0]
            #expect(try decoded.decodeText() == NDEFText(language: "zh-CN", text: "户籍 😀", encoding: encoding))
        }
    }

    @Test(arguments: 0...0x23)
    func uriPrefix(_ code: Int) throws {
        let bytes: [UInt8] = [0xD1, 0x01, 0x03, 0x55, UInt8(code), 0x61, 0x62]
        let uri = try NDEFMessage(decoding: bytes).records[0].decodeURI()
        #expect(uri == NDEFURIPrefix.table[code] + "ab")
    }

    @Test func uriPrefixTableMatchesTheSpecification() {
        #expect(NDEFURIPrefix.table.count == 0x24)
        #expect(NDEFURIPrefix.table[0x01] == "http://www.")
        #expect(NDEFURIPrefix.table[0x04] == "https://")
        #expect(NDEFURIPrefix.table[0x07] == "ftp://anonymous:anonymous@")
        #expect(NDEFURIPrefix.table[0x1D] == "file://")
        #expect(NDEFURIPrefix.table[0x22] == "urn:epc:")
        #expect(NDEFURIPrefix.table[0x23] == "urn:nfc:")
    }

    @Test func uriEncoderPicksTheLongestPrefix() {
        #expect(NDEFRecord.uri("https://www.gov.cn/").payload.first == 0x02)
        #expect(NDEFRecord.uri("urn:epc:id:sgtin").payload.first == 0x1E)
        #expect(NDEFRecord.uri("geo:1,2").payload.first == 0x00)
    }

    @Test func smartPoster() throws {
        let inner = NDEFMessage(
            .uri("https://www.gov.cn/"),
            .text("Portal", language: "en"),
            .text("门户", language: "zh"),
            NDEFRecord(typeNameFormat: .wellKnown, type: "act", payload: [0x01]),
            NDEFRecord(typeNameFormat: .wellKnown, type: "s", payload: [0, 0, 1, 0]),
            NDEFRecord(typeNameFormat: .wellKnown, type: "t", payload: Array("text/html".utf8))
        )
        let bytes = try NDEFMessage(try .smartPoster(inner.records)).encoded()
        let record = try NDEFMessage(decoding: bytes).records[0]
        let poster = try record.decodeSmartPoster()
        #expect(poster.uri == "https://www.gov.cn/")
        #expect(poster.titles.map(\.text) == ["Portal", "门户"])
        #expect(poster.action == 1)
        #expect(poster.size == 256)
        #expect(poster.mimeType == "text/html")
        #expect(poster.records == inner.records)
    }

    @Test func encoderRejectsUnrepresentableRecords() {
        #expect(throws: NDEFEncodingError.self) { try NDEFMessage(records: []).encoded() }
        #expect(throws: NDEFEncodingError.self) {
            try NDEFMessage(NDEFRecord(typeNameFormat: .wellKnown, type: [UInt8](repeating: 0x61, count: 256)))
                .encoded()
        }
        #expect(throws: NDEFEncodingError.self) {
            try NDEFMessage(NDEFRecord(typeNameFormat: .unknown, type: "x")).encoded()
        }
        #expect(throws: NDEFEncodingError.self) {
            try NDEFMessage(NDEFRecord(typeNameFormat: .unchanged)).encoded()
        }
        #expect(throws: NDEFEncodingError.self) {
            try NDEFMessage(NDEFRecord(typeNameFormat: .empty, payload: [1])).encoded()
        }
    }

    @Test func encoderChunksLongPayloads() throws {
        let record = NDEFRecord(typeNameFormat: .media, type: "a/b", id: [1], payload: Array(0..<10))
        let bytes = try NDEFMessage(record).encoded(options: .init(chunkSize: 4))
        #expect(
            Hex.encode(bytes)
                == "ba030401612f620100010203" + "36000404050607" + "5600020809"
        )
        #expect(try NDEFMessage(decoding: bytes).records == [record])
    }
}
