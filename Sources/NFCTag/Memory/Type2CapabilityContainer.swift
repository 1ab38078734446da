import HukouText
import NDEF

/// The capability container of an NFC Forum Type 2 tag: the four bytes of page 3.
///
/// Byte 0 is the NDEF magic number `E1`, byte 1 the mapping version (major in the high nibble, only 1
/// is supported), byte 2 the data-area size divided by 8, byte 3 the access conditions (read in the
/// high nibble, write in the low nibble; 0 means free, `F` for write means none).
public struct Type2CapabilityContainer: Hashable, Sendable {
    /// The major mapping version (always 1 after a successful parse).
    public var majorVersion: UInt8
    /// The minor mapping version.
    public var minorVersion: UInt8
    /// The size of the data area in bytes (CC byte 2 × 8), starting at tag byte 16.
    public var dataAreaSize: Int
    /// The read access nibble: 0 is free access, anything else is proprietary or RFU.
    public var readAccess: UInt8
    /// The write access nibble: 0 is free access, `F` is no write access.
    public var writeAccess: UInt8

    /// Whether the CC grants free read access.
    public var isReadable: Bool { readAccess == 0 }
    /// Whether the CC grants free write access.
    public var isWritable: Bool { writeAccess == 0 }

    /// The NDEF magic number in CC byte 0.
    public static let magicNumber: UInt8 = 0xE1

    /// Parses the four CC bytes (tag bytes 12–15).
    ///
    /// - Throws: ``TagFormatError`` with the offset in `bytes`: a count other than 4, a magic number
    ///   other than `E1`, or a major version other than 1.
    public init(_ bytes: [UInt8]) throws(TagFormatError) {
        guard bytes.count == 4 else {
            throw TagFormatError(
                .invalidCapabilityContainerLength,
                offset: min(bytes.count, 4),
                "a Type 2 capability container is 4 bytes, not \(bytes.count)"
            )
        }
        guard bytes[0] == Self.magicNumber else {
            throw TagFormatError(
                .invalidMagicNumber,
                offset: 0,
                "CC magic number is 0x\(Hex.encode([bytes[0]])), not 0xe1: the tag is not NDEF formatted"
            )
        }
        majorVersion = bytes[1] >> 4
        minorVersion = bytes[1] & 0x0F
        guard majorVersion == 1 else {
            throw TagFormatError(
                .unsupportedVersion,
                offset: 1,
                "Type 2 mapping version \(majorVersion).\(minorVersion) is not supported (major version 1 only)"
            )
        }
        dataAreaSize = Int(bytes[2]) * 8
        readAccess = bytes[3] >> 4
        writeAccess = bytes[3] & 0x0F
    }
}
