import HukouText
import Testing

@Suite struct HexTests {
    @Test func roundTrips() throws {
        let bytes: [UInt8] = [0x00, 0x7F, 0x80, 0xFF, 0xD1]
        #expect(Hex.encode(bytes) == "007f80ffd1")
        #expect(try Hex.decode("00 7F80\nff d1") == bytes)
        #expect(try Hex.decode("00:7f:80:ff:d1") == bytes)
        #expect(try Hex.decode("") == [])
    }

    @Test func rejectsBadDigitsWithOffset() {
        #expect(throws: HexDecodingError(offset: 2, reason: "'g' is not a hex digit")) {
            try Hex.decode("00g1")
        }
        #expect(throws: HexDecodingError(offset: 1, reason: "byte 0x1b is not a hex digit")) {
            try Hex.decode("0\u{1B}")
        }
        #expect { try Hex.decode("0 0") } throws: { ($0 as? HexDecodingError)?.offset == 1 }
        #expect { try Hex.decode("0:0") } throws: { ($0 as? HexDecodingError)?.offset == 1 }
        #expect { try Hex.decode("abc") } throws: { ($0 as? HexDecodingError)?.offset == 3 }
        #expect(
            "\(HexDecodingError(offset: 3, reason: "odd number of hex digits"))".hasPrefix("invalidHex at offset 3")
        )
    }

    @Test func boundsTheOutput() throws {
        #expect(try Hex.decode("0102", maxBytes: 2) == [1, 2])
        #expect { try Hex.decode("010203", maxBytes: 2) } throws: { ($0 as? HexDecodingError)?.offset == 5 }
    }

    @Test func recognisesHexText() {
        #expect(Hex.isHexText(Array("d1 01\n0a:55".utf8)))
        #expect(!Hex.isHexText([]))
        #expect(!Hex.isHexText([0xD1, 0x01]))
        #expect(!Hex.isHexText(Array("d1 0x".utf8)))
    }
}
