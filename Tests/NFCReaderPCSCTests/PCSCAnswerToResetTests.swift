import NFCTag
import Testing

@testable import NFCReaderPCSC

@Suite("PC/SC ATR classification")
struct PCSCAnswerToResetTests {
    @Test("the Part 3 storage-card ATR of an NTAG, as an ACR122U sends it, is a Type 2 tag")
    func ultralight() {
        let atr = PCSCAnswerToReset([
            0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06, 0x03, 0x00, 0x03, 0x00, 0x00,
            0x00, 0x00, 0x68,
        ])
        #expect(atr.kind == .storageCard(standard: 0x03, cardName: 0x0003))
        #expect(TagActivator.tagType(ofATR: atr.bytes) == .type2)
    }

    @Test("the built storage-card ATR has the check byte pcsc_scan accepts")
    func checkByte() {
        let atr = PCSCAnswerToReset.storageCard(cardName: PCSCAnswerToReset.CardName.mifareUltralight)
        #expect(atr.bytes.last == 0x68)
        #expect(atr.bytes.dropFirst().reduce(0, ^) == 0)
    }

    @Test("MIFARE Classic is a storage card, recognised and not taken for a Type 2 tag")
    func classic() {
        let atr = PCSCAnswerToReset.storageCard(cardName: PCSCAnswerToReset.CardName.mifareClassic1K)
        #expect(atr.kind == .storageCard(standard: 0x03, cardName: 0x0001))
        #expect(TagActivator.tagType(ofATR: atr.bytes) == .mifareClassic)
    }

    @Test(
        "ISO-DEP ATRs, truncated or odd ATRs are APDU cards",
        arguments: [
            [0x3B, 0x80, 0x80, 0x01, 0x01],
            [0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06, 0x03],
            [],
            [0x3B],
        ] as [[UInt8]]
    )
    func isoDEP(bytes: [UInt8]) {
        let atr = PCSCAnswerToReset(bytes)
        #expect(atr.kind == .isoDEP)
    }
}
