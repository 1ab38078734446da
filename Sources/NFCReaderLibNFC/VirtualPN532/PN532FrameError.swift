/// A malformed frame on a PN532 host link, with the position in the received stream where it was found.
public struct PN532FrameError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of damage.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// `LEN + LCS` is not 0 mod 256.
        public static let lengthChecksum = Code("lengthChecksum")
        /// `TFI + PD… + DCS` is not 0 mod 256.
        public static let dataChecksum = Code("dataChecksum")
        /// The length field announces more than a PN532 frame can carry, or nothing at all.
        public static let invalidLength = Code("invalidLength")
        /// The frame identifier is neither `D4` nor `D5`.
        public static let invalidFrameIdentifier = Code("invalidFrameIdentifier")
        /// Too many bytes arrived without a frame start; they were dropped.
        public static let noise = Code("noise")
    }

    /// What is wrong.
    public var code: Code
    /// How many bytes the decoder had consumed before the damaged frame.
    public var offset: Int
    /// A readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, offset: Int, _ message: String) {
        self.code = code
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(code) at byte \(offset): \(message)" }
}
