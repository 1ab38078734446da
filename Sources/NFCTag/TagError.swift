import HukouText
public import NDEF

/// A failure to read or write the NDEF message of a tag: the exchange failed, the tag answered wrongly, or
/// its content is not valid NDEF. No partial message is ever returned alongside it.
public struct TagError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The exchange itself failed (timeout, RF error, tag removed, reader gone); see ``TagError/transceiveError``.
        public static let communication = Code("communication")
        /// A Type 2 tag answered with a NAK; see ``TagError/nak``.
        public static let nak = Code("nak")
        /// A response of the wrong length or shape (a short or corrupted frame).
        public static let invalidResponse = Code("invalidResponse")
        /// A Type 4 tag answered with an error status word; see ``TagError/statusWord``.
        public static let statusWord = Code("statusWord")
        /// A Type 4 tag has no NDEF application (neither the v2.0 nor the v1.0 AID could be selected).
        public static let noNDEFApplication = Code("noNDEFApplication")
        /// The tag's CC, TLVs or length fields are not a valid NDEF mapping; see ``TagError/formatError``.
        public static let invalidFormat = Code("invalidFormat")
        /// The CC forbids reading the NDEF data.
        public static let notReadable = Code("notReadable")
        /// The CC forbids writing the NDEF data, or the tag refused a write (`6982`, `6985`).
        public static let notWritable = Code("notWritable")
        /// The bytes read are not a valid NDEF message; see ``TagError/ndefError``.
        public static let invalidNDEF = Code("invalidNDEF")
        /// The message is larger than this reader accepts or can address.
        public static let messageTooLarge = Code("messageTooLarge")
        /// The tag is recognised but not one this counter reads (MIFARE Classic, unknown SAK).
        public static let unsupportedTag = Code("unsupportedTag")
    }

    /// What went wrong.
    public var code: Code
    /// The platform of the tag, as far as it was recognised.
    public var tagType: TagType
    /// The command whose exchange failed or was answered wrongly, if any.
    public var command: [UInt8]?
    /// The transport failure behind ``Code/communication``.
    public var transceiveError: TransceiveError?
    /// The 4-bit NAK value behind ``Code/nak``.
    public var nak: UInt8?
    /// The status word behind ``Code/statusWord`` (e.g. `0x6A82`).
    public var statusWord: UInt16?
    /// The format violation behind ``Code/invalidFormat``.
    public var formatError: TagFormatError?
    /// The NDEF violation behind ``Code/invalidNDEF``.
    public var ndefError: NDEFDecodingError?
    /// A readable explanation.
    public var message: String

    /// Creates an error.
    public init(
        _ code: Code,
        tagType: TagType,
        command: [UInt8]? = nil,
        transceiveError: TransceiveError? = nil,
        nak: UInt8? = nil,
        statusWord: UInt16? = nil,
        formatError: TagFormatError? = nil,
        ndefError: NDEFDecodingError? = nil,
        _ message: String
    ) {
        self.code = code
        self.tagType = tagType
        self.command = command
        self.transceiveError = transceiveError
        self.nak = nak
        self.statusWord = statusWord
        self.formatError = formatError
        self.ndefError = ndefError
        self.message = message
    }

    /// True when the tag left the field (or stopped answering) during the read: the citizen should tap again.
    public var isTagLost: Bool {
        guard code == .communication, let transceiveError else { return false }
        return [.tagRemoved, .timeout, .transmission].contains(transceiveError.code)
    }

    public var description: String {
        var text = "\(tagType) \(code): \(message)"
        if let command { text += " (command \(Hex.encode(command)))" }
        return text
    }
}
