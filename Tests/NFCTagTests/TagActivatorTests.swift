import NFCTag
import Testing

@Suite("Tag activation by SAK and ATR")
struct TagActivatorTests {
    @Test(
        "SAK dispatch",
        arguments: [
            (UInt8(0x00), TagType.type2), (0x20, .type4), (0x28, .type4), (0x08, .mifareClassic),
            (0x18, .mifareClassic), (0x09, .mifareClassic), (0x01, .unknown), (0x10, .unknown),
        ]
    )
    func sak(sak: UInt8, expected: TagType) {
        #expect(TagActivator.tagType(of: DetectedTarget(uid: [1, 2, 3, 4], selRes: sak)) == expected)
    }

    @Test("PC/SC storage-card ATRs name the card; other ATRs are ISO-DEP")
    func atr() {
        func storage(_ nn: UInt8) -> [UInt8] {
            [0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06, 0x03, 0x00, nn, 0, 0, 0, 0, 0x68]
        }
        #expect(TagActivator.tagType(ofATR: storage(0x03)) == .type2)
        #expect(TagActivator.tagType(ofATR: storage(0x01)) == .mifareClassic)
        #expect(TagActivator.tagType(ofATR: storage(0x07)) == .unknown)
        #expect(TagActivator.tagType(ofATR: [0x3B, 0x80, 0x80, 0x01, 0x01]) == .type4)
        #expect(TagActivator.tagType(ofATR: []) == .unknown)
        #expect(TagActivator.tagType(of: DetectedTarget(uid: [1], atr: storage(0x03))) == .type2)
    }

    @Test("MIFARE Classic is refused with a typed error, not read as Type 2")
    func classicRefused() throws {
        let error = try #require(throws: TagError.self) {
            try TagActivator.activate(DetectedTarget(uid: [1, 2, 3, 4], sensRes: [0x00, 0x04], selRes: 0x08))
        }
        #expect(error.code == .unsupportedTag)
        #expect(error.tagType == .mifareClassic)
    }

    @Test("Activation returns the matching protocol")
    func activation() throws {
        #expect(try TagActivator.activate(TagFixtures.type2Target) is Type2Tag)
        #expect(try TagActivator.activate(TagFixtures.type4Target) is Type4Tag)
    }
}
