import NDEF
import Testing

@Suite struct HexTests {
    @Test func roundTrips() throws {
        let bytes: [UInt8] = [0x00, 0x7F, 0x80, 0xFF, 0xD1]
        #expect(Hex.encode(bytes) == "007f80ffd1")
        #expect(try Hex.decode("00 7F80\nff d1") == bytes)
    }

    @Test func rejectsBadDigitsWithOffset() {
        #expect(throws: NDEFDecodingError(.invalidHex, offset: 2, "'g' is not a hex digit")) {
            try Hex.decode("00g1")
        }
        #expect { try Hex.decode("0 0") } throws: { ($0 as? NDEFDecodingError)?.offset == 1 }
        #expect { try Hex.decode("abc") } throws: { ($0 as? NDEFDecodingError)?.offset == 3 }
    }
}
