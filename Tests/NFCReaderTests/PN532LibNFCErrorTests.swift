import NFCReaderLibNFC
import NFCTag
import Testing

@Suite("LibNFCError as the tag protocols and the reader see it")
struct PN532LibNFCErrorTests {
    @Test(
        "libnfc codes map to transceive errors",
        arguments: [
            (LibNFCError.rfTransmission, TransceiveError.Code.timeout, false),
            (LibNFCError.timeout, .timeout, false),
            (LibNFCError.targetReleased, .tagRemoved, false),
            (LibNFCError.overflow, .overflow, false),
            (LibNFCError.aborted, .cancelled, false),
            (LibNFCError.deviceNotSupported, .commandNotSupported, false),
            (LibNFCError.io, .readerUnavailable, true),
            (LibNFCError.noSuchDevice, .readerUnavailable, true),
            (LibNFCError.chip, .readerUnavailable, true),
            (LibNFCError.invalidArgument, .other, false),
        ]
    )
    func mapping(code: Int32, expected: TransceiveError.Code, reopen: Bool) {
        let error = LibNFCError(code: code, function: "nfc_initiator_transceive_bytes", message: "text from libnfc")
        #expect(error.transceiveError.code == expected)
        #expect(error.requiresReopen == reopen)
        #expect(error.transceiveError.message.contains("nfc_initiator_transceive_bytes"))
        #expect(error.transceiveError.message.contains("text from libnfc"))
    }
}
