import NDEF
import NFCTag
import Testing

/// Type 2 capability container, TLV walk and image decoding on synthetic memory.
@Suite struct MemoryType2Tests {
    /// A Type 2 image: UID and lock pages, the CC, then the data area padded with zeros to `size` bytes.
    static func image(cc: [UInt8], data: [UInt8], size: Int? = nil) -> [UInt8] {
        let head: [UInt8] = [0x04, 0x11, 0x22, 0xB7, 0x33, 0x44, 0x55, 0x66, 0x00, 0x48, 0x00, 0x00]
        let padded = data + [UInt8](repeating: 0, count: max(0, (size ?? Int(cc[2]) * 8) - data.count))
        return head + cc + padded
    }

    static let text = NDEFMessage(.text("户籍", language: "zh"))

    // MARK: Capability container

    @Test func ntag213CapabilityContainer() throws {
        let cc = try Type2CapabilityContainer([0xE1, 0x10, 0x12, 0x00])
        #expect(cc.majorVersion == 1 && cc.minorVersion == 0)
        #expect(cc.dataAreaSize == 144)
        #expect(cc.isReadable && cc.isWritable)
    }

    @Test func readOnlyCapabilityContainer() throws {
        let cc = try Type2CapabilityContainer([0xE1, 0x11, 0x6D, 0x0F])
        #expect(cc.minorVersion == 1)
        #expect(cc.dataAreaSize == 872)
        #expect(cc.readAccess == 0 && cc.writeAccess == 0x0F)
        #expect(cc.isReadable && !cc.isWritable)
    }

    @Test(
        arguments: [
            ([0xE1, 0x10, 0x12], TagFormatError.Code.invalidCapabilityContainerLength, 3),
            ([0xE1, 0x10, 0x12, 0x00, 0x00], .invalidCapabilityContainerLength, 4),
            ([0xF1, 0x10, 0xFF, 0xEE], .invalidMagicNumber, 0),
            ([0x00, 0x00, 0x00, 0x00], .invalidMagicNumber, 0),
            ([0xE1, 0x20, 0x12, 0x00], .unsupportedVersion, 1),
            ([0xE1, 0x00, 0x12, 0x00], .unsupportedVersion, 1),
        ] as [([UInt8], TagFormatError.Code, Int)]
    )
    func badCapabilityContainer(bytes: [UInt8], code: TagFormatError.Code, offset: Int) {
        let error = #expect(throws: TagFormatError.self) { try Type2CapabilityContainer(bytes) }
        #expect(error?.code == code)
        #expect(error?.offset == offset)
    }

    // MARK: TLV walk

    @Test func ntag213FactoryLayout() throws {
        let data: [UInt8] = [0x01, 0x03, 0xA0, 0x0C, 0x34, 0x03, 0x00, 0xFE] + Array(repeating: 0, count: 136)
        #expect(try Type2TLVScanner.scan(data, dataAreaSize: 144) == .ndef(7..<7))
    }

    @Test func nullAndProprietaryTLVsAreSkipped() throws {
        let data: [UInt8] = [0x00, 0x00, 0xFD, 0x02, 0xAA, 0xBB, 0x03, 0x03, 0xD0, 0x00, 0x00, 0xFE]
        #expect(try Type2TLVScanner.scan(data, dataAreaSize: 16) == .ndef(8..<11))
    }

    @Test func threeByteLength() throws {
        let data: [UInt8] = [0x03, 0xFF, 0x01, 0x00] + Array(repeating: 0xAB, count: 256) + [0xFE]
        #expect(try Type2TLVScanner.scan(data, dataAreaSize: 496) == .ndef(4..<260))
    }

    @Test func terminatorOrEndOfDataAreaMeansNoNDEF() throws {
        #expect(try Type2TLVScanner.scan([0x00, 0xFE, 0x03, 0x00], dataAreaSize: 8) == .noNDEF)
        #expect(try Type2TLVScanner.scan([0xFD, 0x01, 0x00, 0x00, 0x00], dataAreaSize: 5) == .noNDEF)
        #expect(try Type2TLVScanner.scan([], dataAreaSize: 0) == .noNDEF)
    }

    @Test func partialReadsAskForMore() throws {
        #expect(try Type2TLVScanner.scan([], dataAreaSize: 48) == .needMore(1))
        #expect(try Type2TLVScanner.scan([0x03], dataAreaSize: 48) == .needMore(2))
        #expect(try Type2TLVScanner.scan([0x03, 0xFF, 0x00], dataAreaSize: 480) == .needMore(4))
        #expect(try Type2TLVScanner.scan([0x03, 0x10, 0xD1, 0x01], dataAreaSize: 48) == .needMore(18))
        // A proprietary TLV is skipped without its bytes being read.
        #expect(try Type2TLVScanner.scan([0xFD, 0x20], dataAreaSize: 48) == .needMore(35))
    }

    @Test func incrementalWalkMatchesTheFullWalk() throws {
        var data: [UInt8] = [0x01, 0x03, 0xA0, 0x0C, 0x34, 0xFD, 0x05, 1, 2, 3, 4, 5, 0x00, 0x03, 0x28]
        data += Array(repeating: 0x5A, count: 40) + [0xFE]
        data += Array(repeating: 0, count: 144 - data.count)
        let full = try Type2TLVScanner.scan(data, dataAreaSize: 144)
        #expect(full == .ndef(15..<55))
        var available = 16
        var reads = 0
        while true {
            reads += 1
            let scan = try Type2TLVScanner.scan(Array(data[..<available]), dataAreaSize: 144)
            guard case .needMore(let count) = scan else {
                #expect(scan == full)
                break
            }
            #expect(count > available)
            available = min(144, (count + 15) / 16 * 16)  // a reader reads 4 pages at a time
        }
        #expect(reads == 2)  // pages 4–7, then everything up to the end of the NDEF value
    }

    @Test(
        arguments: [
            // TLV runs past the data area.
            ([0x03, 0x20], 16, TagFormatError.Code.tlvOverrun, 0),
            ([0x00, 0xFD, 0x0F], 16, .tlvOverrun, 1),
            ([0x03, 0xFF, 0x01, 0x00], 64, .tlvOverrun, 0),
            // The length itself is cut by the end of the data area.
            ([0x00, 0x00, 0x00, 0x03], 4, .tlvOverrun, 3),
            ([0x00, 0x03, 0xFF, 0x01], 4, .tlvOverrun, 1),
            // Control TLVs have a 3-byte value.
            ([0x01, 0x02, 0xA0, 0x0C], 16, .invalidControlTLV, 0),
            ([0x02, 0x04, 0, 0, 0, 0], 16, .invalidControlTLV, 0),
            // Vendor data under an NDEF CC, or a bare NDEF message without a TLV.
            ([0x7B, 0x00, 0x65, 0x00], 16, .unknownTLV, 0),
            ([0x00, 0x00, 0x41, 0x50], 16, .unknownTLV, 2),
            ([0xD1, 0x01, 0x03, 0x54], 16, .unknownTLV, 0),
        ] as [([UInt8], Int, TagFormatError.Code, Int)]
    )
    func malformedTLVs(data: [UInt8], size: Int, code: TagFormatError.Code, offset: Int) {
        let error = #expect(throws: TagFormatError.self) { try Type2TLVScanner.scan(data, dataAreaSize: size) }
        #expect(error?.code == code)
        #expect(error?.offset == offset)
    }

    @Test func memoryControlAreaSplitsTheNDEFValue() throws {
        // Memory Control: 4 bytes at tag byte 6 × 4 + 2 = 26, i.e. data-area bytes 10..<14.
        let data: [UInt8] = [0x02, 0x03, 0x62, 0x04, 0x02, 0x03, 0x0A] + Array(0..<20)
        let scan = try Type2TLVScanner.scan(data, dataAreaSize: 64)
        #expect(scan == .ndefSegments([7..<10, 14..<21]))
        #expect(scan.ndefValue(in: data) == [0, 1, 2] + Array(7..<14))
    }

    @Test func ndefValueNeedsEveryByte() throws {
        let data: [UInt8] = [0x03, 0x03, 0xD0, 0x00, 0x00, 0xFE]
        let scan = try Type2TLVScanner.scan(data, dataAreaSize: 16)
        #expect(scan.ndefValue(in: data) == [0xD0, 0x00, 0x00])
        #expect(scan.ndefValue(in: Array(data[..<4])) == nil)
        #expect(Type2TLVScan.noNDEF.ndefValue(in: data) == nil)
        #expect(Type2TLVScan.needMore(8).ndefRanges == nil)
    }

    @Test func lockControlAreaInsideTheDataAreaIsSkipped() throws {
        // Lock Control: 12 bits (2 bytes) at 16-byte unit 2 = tag byte 32 = data-area bytes 16..<18.
        let data: [UInt8] = [0x01, 0x03, 0x20, 0x0C, 0x34, 0x03, 0x14] + Array(repeating: 0x77, count: 30)
        #expect(try Type2TLVScanner.scan(data, dataAreaSize: 64) == .ndefSegments([7..<16, 18..<29]))
    }

    @Test func reservedAreaUnderATLVHeaderIsSkipped() throws {
        // Memory Control: 2 bytes at tag byte 15 × 1 + 6 = 21 = data-area bytes 5..<7; the NDEF TLV follows.
        let data: [UInt8] = [0x02, 0x03, 0xF6, 0x02, 0x00, 0xAA, 0xBB, 0x03, 0x01, 0xD0, 0xFE]
        #expect(try Type2TLVScanner.scan(data, dataAreaSize: 16) == .ndef(9..<10))
    }

    @Test func reservedAreaPastTheDataAreaChangesNothing() throws {
        let data: [UInt8] = [0x01, 0x03, 0xA0, 0x10, 0x44, 0x03, 0x02, 0xAA, 0xBB, 0xFE]
        #expect(try Type2TLVScanner.scan(data, dataAreaSize: 144) == .ndef(7..<9))
    }

    // MARK: Images

    @Test func decodesAPlainImage() throws {
        let message = try Self.text.encoded()
        let image = Self.image(cc: [0xE1, 0x10, 0x06, 0x00], data: [0x03, UInt8(message.count)] + message + [0xFE])
        #expect(try Type2Memory.ndefMessage(image: image) == Self.text)
    }

    @Test func emptyNDEFTLVIsAnEmptyMessage() throws {
        let image = Self.image(cc: [0xE1, 0x10, 0x12, 0x00], data: [0x03, 0x00, 0xFE])
        #expect(try Type2Memory.ndefMessage(image: image) == NDEFMessage(records: []))
    }

    @Test func readOnlyImageDecodes() throws {
        let message = try Self.text.encoded()
        let image = Self.image(cc: [0xE1, 0x10, 0x06, 0x0F], data: [0x03, UInt8(message.count)] + message)
        #expect(try Type2Memory.ndefMessage(image: image) == Self.text)
    }

    @Test func threeByteLengthImage() throws {
        let long = NDEFMessage(.uri("https://example.org/" + String(repeating: "a", count: 400)))
        let message = try long.encoded()
        let data: [UInt8] = [0x03, 0xFF, UInt8(message.count >> 8), UInt8(message.count & 0xFF)] + message + [0xFE]
        let image = Self.image(cc: [0xE1, 0x10, 0x3E, 0x00], data: data)
        #expect(try Type2Memory.ndefMessage(image: image) == long)
    }

    @Test func memoryControlImage() throws {
        let message = try Self.text.encoded()
        // Reserve data-area bytes 10..<14 and lay the message around them.
        var data: [UInt8] = [0x02, 0x03, 0x62, 0x04, 0x02, 0x03, UInt8(message.count)]
        data += message[..<3] + [0xEE, 0xEE, 0xEE, 0xEE] + message[3...] + [0xFE]
        let image = Self.image(cc: [0xE1, 0x10, 0x08, 0x00], data: data)
        #expect(try Type2Memory.ndefMessage(image: image) == Self.text)
    }

    @Test func ndefErrorOffsetsAreImageOffsets() throws {
        // Text record whose language length (5) runs past its payload; the payload starts at value byte 4.
        let data: [UInt8] = [0x00, 0x03, 0x07, 0xD1, 0x01, 0x03, 0x54, 0x05, 0x65, 0x6E, 0xFE]
        let image = Self.image(cc: [0xE1, 0x10, 0x06, 0x00], data: data)
        let error = #expect(throws: NDEFDecodingError.self) { try Type2Memory.ndefMessage(image: image) }
        #expect(error?.code == .invalidLanguageLength)
        #expect(error?.offset == 16 + 3 + 4)
    }

    @Test(
        arguments: [
            (Array(repeating: 0, count: 10), TagFormatError.Code.truncatedImage, 10),
            (image(cc: [0xE1, 0x10, 0x06, 0x00], data: [0x03, 0x20], size: 4), .truncatedImage, 20),
            (image(cc: [0xE1, 0x10, 0x06, 0x00], data: [0x03, 0x30]), .tlvOverrun, 16),
            (image(cc: [0xE2, 0x10, 0x06, 0x00], data: []), .invalidMagicNumber, 12),
            (image(cc: [0xE1, 0x30, 0x06, 0x00], data: []), .unsupportedVersion, 13),
            (image(cc: [0xE1, 0x10, 0x06, 0x00], data: [0x00, 0xFE, 0x03, 0x00]), .noNDEFMessage, 16),
            (image(cc: [0xE1, 0x10, 0x06, 0x00], data: [0xD1, 0x01, 0x01, 0x55, 0x00]), .unknownTLV, 16),
        ] as [([UInt8], TagFormatError.Code, Int)]
    )
    func badImages(image: [UInt8], code: TagFormatError.Code, offset: Int) {
        let error = #expect(throws: TagFormatError.self) { try Type2Memory.ndefMessage(image: image) }
        #expect(error?.code == code)
        #expect(error?.offset == offset)
    }
}
