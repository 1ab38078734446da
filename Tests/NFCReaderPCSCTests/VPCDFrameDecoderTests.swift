import Testing

@testable import NFCReaderPCSC

@Suite("vpcd framing")
struct VPCDFrameDecoderTests {
    @Test("a message split over several reads comes out whole, once")
    func splitMessage() {
        var decoder = VPCDFrameDecoder()
        decoder.append([0x00])
        #expect(decoder.nextMessage() == nil)
        decoder.append([0x05, 0x00, 0xA4])
        #expect(decoder.nextMessage() == nil)
        decoder.append([0x04, 0x00, 0x00, 0x00, 0x01, 0x04])
        #expect(decoder.nextMessage() == [0x00, 0xA4, 0x04, 0x00, 0x00])
        #expect(decoder.nextMessage() == [0x04])
        #expect(decoder.nextMessage() == nil)
    }

    @Test("vpcd writes length and payload separately; both orders of arrival work")
    func lengthThenPayload() {
        var decoder = VPCDFrameDecoder()
        decoder.append([0x00, 0x0D])
        #expect(decoder.nextMessage() == nil)
        decoder.append([0x00, 0xA4, 0x04, 0x00, 0x07, 0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01, 0x00])
        #expect(decoder.nextMessage()?.count == 13)
    }

    @Test("a zero-length message is a message")
    func emptyMessage() {
        var decoder = VPCDFrameDecoder()
        decoder.append([0x00, 0x00])
        #expect(decoder.nextMessage() == [])
    }

    @Test("framing puts a big-endian length in front and refuses what does not fit 16 bits")
    func framing() {
        #expect(VPCDFrameDecoder.frame([0x90, 0x00]) == [0x00, 0x02, 0x90, 0x00])
        #expect(VPCDFrameDecoder.frame([UInt8](repeating: 1, count: 0x1_0000)) == nil)
        #expect(VPCDFrameDecoder.frame([UInt8](repeating: 1, count: 0x1234))?.prefix(2) == [0x12, 0x34])
    }
}
