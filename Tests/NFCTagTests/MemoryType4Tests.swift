import NFCTag
import Testing

/// Type 4 capability container file and NLEN/ENLEN.
@Suite struct MemoryType4Tests {
    static let version2: [UInt8] = [
        0x00, 0x0F, 0x20, 0x00, 0x3B, 0x00, 0x34, 0x04, 0x06, 0xE1, 0x04, 0x00, 0x32, 0x00, 0x00,
    ]
    static let version3: [UInt8] = [
        0x00, 0x11, 0x30, 0x00, 0xFF, 0x00, 0xFF, 0x06, 0x08, 0xE1, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0xFF,
    ]

    @Test func mappingVersion2() throws {
        let cc = try Type4CapabilityContainer(Self.version2)
        #expect(cc.mappingVersion == 0x20)
        #expect(cc.maximumResponseLength == 0x3B)
        #expect(cc.maximumCommandLength == 0x34)
        #expect(cc.ndefFileID == 0xE104)
        #expect(cc.maximumNDEFFileSize == 0x32)
        #expect(cc.readAccess == 0 && cc.writeAccess == 0)
        #expect(cc.lengthFieldSize == 2)
    }

    @Test func mappingVersion3WithENDEF() throws {
        let cc = try Type4CapabilityContainer(Self.version3)
        #expect(cc.mappingVersion == 0x30)
        #expect(cc.maximumNDEFFileSize == 0x1_0000)
        #expect(cc.writeAccess == 0xFF && !cc.isWritable)
        #expect(cc.lengthFieldSize == 4)
    }

    @Test func mappingVersion3WithAnNDEFFileControlTLV() throws {
        var bytes = Self.version2
        bytes[2] = 0x30
        #expect(try Type4CapabilityContainer(bytes).lengthFieldSize == 2)
    }

    @Test func trailingBytesPastCCLENAreIgnored() throws {
        #expect(try Type4CapabilityContainer(Self.version2 + [0xFF, 0xFF]).ndefFileID == 0xE104)
    }

    static func patched(_ base: [UInt8], _ changes: [Int: UInt8], count: Int? = nil) -> [UInt8] {
        var bytes = base
        for (index, value) in changes { bytes[index] = value }
        return Array(bytes.prefix(count ?? bytes.count))
    }

    @Test(
        arguments: [
            (patched(version2, [:], count: 14), TagFormatError.Code.invalidCapabilityContainerLength, 14),
            (patched(version2, [1: 0x0E]), .invalidCapabilityContainerLength, 0),
            (patched(version2, [2: 0x10]), .unsupportedVersion, 2),
            (patched(version2, [2: 0x40]), .unsupportedVersion, 2),
            (patched(version2, [4: 0x0E]), .invalidFrameSize, 3),
            (patched(version2, [5: 0x00, 6: 0x00]), .invalidFrameSize, 5),
            (patched(version2, [7: 0x06, 8: 0x08]), .invalidFileControl, 7),
            (patched(version2, [7: 0x05]), .invalidFileControl, 7),
            (patched(version2, [9: 0xE1, 10: 0x03]), .invalidFileControl, 9),
            (patched(version2, [9: 0x00, 10: 0x00]), .invalidFileControl, 9),
            (patched(version2, [11: 0x00, 12: 0x04]), .invalidFileControl, 11),
            (patched(version2, [11: 0xFF, 12: 0xFF]), .invalidFileControl, 11),
            (patched(version3, [1: 0x0F]), .invalidCapabilityContainerLength, 0),
            (patched(version3, [:], count: 16), .invalidCapabilityContainerLength, 16),
            (patched(version3, [11: 0xFF, 12: 0xFF, 13: 0xFF, 14: 0xFF]), .invalidFileControl, 11),
        ] as [([UInt8], TagFormatError.Code, Int)]
    )
    func badCapabilityContainer(bytes: [UInt8], code: TagFormatError.Code, offset: Int) {
        let error = #expect(throws: TagFormatError.self) { try Type4CapabilityContainer(bytes) }
        #expect(error?.code == code, "\(error?.description ?? "")")
        #expect(error?.offset == offset)
    }

    @Test func nlen() throws {
        #expect(try Type4NDEFLength.parse([0x00, 0x00], fieldSize: 2, maximumFileSize: 0x32) == 0)
        #expect(try Type4NDEFLength.parse([0x00, 0x30, 0xD1], fieldSize: 2, maximumFileSize: 0x32) == 0x30)
        let error = #expect(throws: TagFormatError.self) {
            try Type4NDEFLength.parse([0x00, 0x31], fieldSize: 2, maximumFileSize: 0x32)
        }
        #expect(error?.code == .invalidNDEFLength)
    }

    @Test func enlen() throws {
        #expect(try Type4NDEFLength.parse([0, 0, 1, 0], fieldSize: 4, maximumFileSize: 0x1_0000) == 256)
        #expect(throws: TagFormatError.self) {
            try Type4NDEFLength.parse([0xFF, 0xFF, 0xFF, 0xFF], fieldSize: 4, maximumFileSize: 0x1_0000)
        }
    }

    @Test func badLengthFields() {
        #expect(throws: TagFormatError.self) { try Type4NDEFLength.parse([0x00], fieldSize: 2, maximumFileSize: 50) }
        #expect(throws: TagFormatError.self) {
            try Type4NDEFLength.parse([0, 0, 0], fieldSize: 3, maximumFileSize: 50)
        }
        #expect(throws: TagFormatError.self) { try Type4NDEFLength.parse([0, 1], fieldSize: 2, maximumFileSize: 0) }
    }
}
