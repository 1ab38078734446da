/// A violation of an NFC Forum tag memory format (Type 2 capability container and TLVs, Type 4 CC file
/// and NLEN/ENLEN) found in untrusted bytes read from a tag.
///
/// ``offset`` is the byte offset in the bytes handed to the function that threw: the CC bytes for a
/// capability container, the data area (0 = tag byte 16) for ``Type2TLVScanner``, the whole image
/// (0 = page 0) for ``Type2Memory``.
public struct TagFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of violation.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A capability container with the wrong number of bytes, or a Type 4 CCLEN that does not fit.
        public static let invalidCapabilityContainerLength = Code("invalidCapabilityContainerLength")
        /// A Type 2 CC whose first byte is not the NDEF magic number E1.
        public static let invalidMagicNumber = Code("invalidMagicNumber")
        /// A Type 2 CC major version other than 1, or a Type 4 mapping version other than 2.x or 3.x.
        public static let unsupportedVersion = Code("unsupportedVersion")
        /// A Type 4 CC with an MLe below 0x0F or an MLc of 0.
        public static let invalidFrameSize = Code("invalidFrameSize")
        /// A Type 4 CC without a valid NDEF (04 06) or ENDEF (06 08) File Control TLV.
        public static let invalidFileControl = Code("invalidFileControl")
        /// A Lock Control or Memory Control TLV whose length is not 3.
        public static let invalidControlTLV = Code("invalidControlTLV")
        /// A TLV tag that is reserved for future use (not NULL, Lock/Memory Control, NDEF, Proprietary, Terminator).
        public static let unknownTLV = Code("unknownTLV")
        /// A TLV whose length field or value runs past the data area declared by the CC.
        public static let tlvOverrun = Code("tlvOverrun")
        /// The image ends before the bytes the walk needs.
        public static let truncatedImage = Code("truncatedImage")
        /// The TLV walk reached a Terminator or the end of the data area without an NDEF Message TLV.
        public static let noNDEFMessage = Code("noNDEFMessage")
        /// A Type 4 NLEN/ENLEN larger than the NDEF file can hold, or a field size other than 2 or 4.
        public static let invalidNDEFLength = Code("invalidNDEFLength")
    }

    /// What was wrong.
    public var code: Code
    /// The byte offset of the problem (see the type's documentation for the reference point).
    public var offset: Int
    /// A readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, offset: Int, _ message: String) {
        self.code = code
        self.offset = offset
        self.message = message
    }

    public var description: String {
        "\(code): \(message) at offset \(offset)"
    }
}
