import HukouText
import NDEF

/// The capability container file (`E1 03`) of an NFC Forum Type 4 tag, mapping version 2.0 or 3.0.
///
/// Layout: CCLEN (2), mapping version (1), MLe (2), MLc (2), then an NDEF File Control TLV
/// `04 06 <file ID:2> <max size:2> <read> <write>` or, from version 3.0, an ENDEF File Control TLV
/// `06 08 <file ID:2> <max size:4> <read> <write>`. All integers are big-endian.
public struct Type4CapabilityContainer: Hashable, Sendable {
    /// The mapping version byte: major version in the high nibble (`0x20` or `0x30`).
    public var mappingVersion: UInt8
    /// MLe: the most data bytes one READ BINARY may return.
    public var maximumResponseLength: Int
    /// MLc: the most data bytes one UPDATE BINARY may carry.
    public var maximumCommandLength: Int
    /// The file identifier of the NDEF file.
    public var ndefFileID: UInt16
    /// The largest size of the NDEF file, NLEN/ENLEN included.
    public var maximumNDEFFileSize: Int
    /// The read access byte: `00` is free access.
    public var readAccess: UInt8
    /// The write access byte: `00` is free access, `FF` is no write access.
    public var writeAccess: UInt8
    /// The size of the length field at the start of the NDEF file: 2 (NLEN) or 4 (ENLEN, with an ENDEF TLV).
    public var lengthFieldSize: Int

    /// The file identifier of the CC file.
    public static let fileID: UInt16 = 0xE103

    /// Parses the CC file content, CCLEN first. Bytes past CCLEN are ignored.
    ///
    /// - Throws: ``TagFormatError`` with the offset in `bytes`: too short or inconsistent CCLEN, a mapping
    ///   version other than 2.x or 3.x, MLe below 0x0F or MLc of 0, a missing or malformed file control TLV,
    ///   a reserved file ID or a maximum file size that cannot hold a message.
    public init(_ bytes: [UInt8]) throws(TagFormatError) {
        guard bytes.count >= 15 else {
            throw TagFormatError(
                .invalidCapabilityContainerLength,
                offset: bytes.count,
                "a Type 4 CC file needs at least 15 bytes, got \(bytes.count)"
            )
        }
        let ccLength = Self.integer(bytes[0..<2])
        guard ccLength >= 15 else {
            throw TagFormatError(.invalidCapabilityContainerLength, offset: 0, "CCLEN \(ccLength) is below 15")
        }
        mappingVersion = bytes[2]
        let major = mappingVersion >> 4
        guard major == 2 || major == 3 else {
            throw TagFormatError(
                .unsupportedVersion,
                offset: 2,
                "Type 4 mapping version \(major).\(mappingVersion & 0x0F) is not supported (2.x or 3.x)"
            )
        }
        maximumResponseLength = Self.integer(bytes[3..<5])
        guard maximumResponseLength >= 0x0F else {
            throw TagFormatError(.invalidFrameSize, offset: 3, "MLe \(maximumResponseLength) is below 15")
        }
        maximumCommandLength = Self.integer(bytes[5..<7])
        guard maximumCommandLength >= 1 else {
            throw TagFormatError(.invalidFrameSize, offset: 5, "MLc is 0")
        }

        let tag = bytes[7]
        let length = Int(bytes[8])
        switch (tag, length) {
        case (0x04, 0x06):
            lengthFieldSize = 2
        case (0x06, 0x08) where major >= 3:
            lengthFieldSize = 4
        default:
            throw TagFormatError(
                .invalidFileControl,
                offset: 7,
                "expected an NDEF File Control TLV 04 06\(major >= 3 ? " or ENDEF File Control TLV 06 08" : ""),"
                    + " found \(Hex.encode([tag, bytes[8]]))"
            )
        }
        let end = 9 + length
        guard ccLength >= end else {
            throw TagFormatError(
                .invalidCapabilityContainerLength,
                offset: 0,
                "CCLEN \(ccLength) does not cover the file control TLV ending at byte \(end)"
            )
        }
        guard bytes.count >= end else {
            throw TagFormatError(
                .invalidCapabilityContainerLength,
                offset: bytes.count,
                "the CC file ends at byte \(bytes.count), before the file control TLV ends at byte \(end)"
            )
        }
        ndefFileID = UInt16(Self.integer(bytes[9..<11]))
        guard ![0x0000, 0xE102, 0xE103, 0x3F00, 0x3FFF, 0xFFFF].contains(ndefFileID) else {
            throw TagFormatError(.invalidFileControl, offset: 9, "NDEF file ID \(ndefFileID) is reserved")
        }
        let sizeEnd = 11 + lengthFieldSize
        maximumNDEFFileSize = Self.integer(bytes[11..<sizeEnd])
        let invalidSize = lengthFieldSize == 2 ? 0xFFFF : 0xFFFF_FFFF
        guard maximumNDEFFileSize >= 5, maximumNDEFFileSize != invalidSize else {
            throw TagFormatError(
                .invalidFileControl,
                offset: 11,
                "maximum NDEF file size \(maximumNDEFFileSize) is outside 5...\(invalidSize - 1)"
            )
        }
        readAccess = bytes[sizeEnd]
        writeAccess = bytes[sizeEnd + 1]
    }

    /// Whether the CC grants free read access.
    public var isReadable: Bool { readAccess == 0x00 }
    /// Whether the CC grants free write access.
    public var isWritable: Bool { writeAccess == 0x00 }

    private static func integer(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 << 8 | Int($1) }
    }
}
