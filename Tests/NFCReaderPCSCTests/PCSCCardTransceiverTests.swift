import NFCTag
import Testing

@testable import NFCReaderPCSC

@Suite("pcsc-lite failures as transceive errors")
struct PCSCCardTransceiverTests {
    static func error(_ code: PCSCError.Code) -> PCSCError {
        PCSCError(code: code, function: "SCardTransmit", message: "text")
    }

    @Test(
        "each pcsc-lite code maps to the protocol-level error the tag protocols act on",
        arguments: [
            (PCSCError.Code.removedCard, TransceiveError.Code.tagRemoved, true),
            (.notTransacted, .tagRemoved, true),
            (.noSmartcard, .tagRemoved, true),
            (.noService, .readerUnavailable, true),
            (.readerUnavailable, .readerUnavailable, true),
            (.insufficientBuffer, .overflow, false),
            (.cancelled, .cancelled, false),
            (PCSCError.Code(rawValue: 0x8010_0031), .other, false),
        ]
    )
    func mapping(code: PCSCError.Code, expected: TransceiveError.Code, losesCard: Bool) {
        let transceiver = PCSCCardTransceiver(handle: 0, cardProtocol: .t1)
        let mapped = transceiver.map(Self.error(code))
        #expect(mapped.code == expected)
        #expect(mapped.message.contains("SCardTransmit"))
        #expect(transceiver.isLost == losesCard)
    }

    @Test("once the card is lost, later exchanges fail at once without touching pcscd")
    func lostStaysLost() {
        let transceiver = PCSCCardTransceiver(handle: 0, cardProtocol: .t1)
        _ = transceiver.map(Self.error(.removedCard))
        let error = #expect(throws: TransceiveError.self) {
            try transceiver.transceive([0x00, 0xA4, 0x04, 0x00], timeout: .seconds(1))
        }
        #expect(error?.code == .tagRemoved)
    }

    @Test("an APDU longer than a short APDU is refused before it is sent")
    func oversizedAPDU() {
        let transceiver = PCSCCardTransceiver(handle: 0, cardProtocol: .t1)
        let error = #expect(throws: TransceiveError.self) {
            try transceiver.transceive([UInt8](repeating: 0, count: 262), timeout: .seconds(1))
        }
        #expect(error?.code == .overflow)
    }
}
