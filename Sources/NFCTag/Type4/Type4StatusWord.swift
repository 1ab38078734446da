/// An ISO/IEC 7816-4 status word (SW1 SW2) ending a Type 4 response.
public struct Type4StatusWord: Hashable, Sendable, CustomStringConvertible {
    /// SW1 << 8 | SW2.
    public var rawValue: UInt16

    /// Creates a status word.
    public init(_ rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// Normal processing.
    public static let success = Type4StatusWord(0x9000)
    /// End of file reached before Le bytes (the data returned is valid).
    public static let endOfFile = Type4StatusWord(0x6282)

    public var isSuccess: Bool { rawValue == 0x9000 }

    public var description: String {
        let hex = String(rawValue, radix: 16, uppercase: true)
        let code = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return "\(code) (\(meaning))"
    }

    /// What the status word means, in words.
    public var meaning: String {
        switch rawValue {
        case 0x9000: return "success"
        case 0x6282: return "end of file before Le bytes"
        case 0x6700: return "wrong length"
        case 0x6982: return "security status not satisfied"
        case 0x6581: return "memory failure"
        case 0x6985: return "conditions of use not satisfied"
        case 0x6986: return "command not allowed (no current file)"
        case 0x6A82: return "file or application not found"
        case 0x6A84: return "not enough memory space in the file"
        case 0x6A86: return "wrong P1 P2"
        case 0x6B00: return "wrong parameters (offset outside the file)"
        case 0x6D00: return "instruction not supported"
        case 0x6E00: return "class not supported"
        case 0x6F00: return "no precise diagnosis"
        default:
            if rawValue >> 8 == 0x6C { return "wrong Le, \(rawValue & 0xFF) bytes available" }
            return "unexpected status"
        }
    }
}
