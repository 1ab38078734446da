/// Hexadecimal text ⇄ bytes, for command lines, test vectors and logs.
public enum Hex {
    /// Lower-case hex of the bytes, no separators.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses hex text; ASCII white space between digit pairs is ignored, upper and lower case accepted.
    ///
    /// - Throws: ``NDEFDecodingError`` with code ``NDEFDecodingError/Code/invalidHex`` and the character offset.
    public static func decode(_ text: String) throws(NDEFDecodingError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count / 2)
        var high: UInt8?
        for (offset, char) in text.utf8.enumerated() {
            let value: UInt8
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = char - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = char - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = char - UInt8(ascii: "A") + 10
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                guard high == nil else {
                    throw NDEFDecodingError(.invalidHex, offset: offset, "white space splits a hex digit pair")
                }
                continue
            default:
                throw NDEFDecodingError(.invalidHex, offset: offset, "'\(Unicode.Scalar(char))' is not a hex digit")
            }
            if let h = high {
                out.append(h << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        guard high == nil else {
            throw NDEFDecodingError(.invalidHex, offset: text.utf8.count, "odd number of hex digits")
        }
        return out
    }
}
