/// Hexadecimal text ⇄ bytes, for command lines, the control protocol, key files, test vectors and logs.
///
/// The one hex codec of the package: lower case out; upper or lower case in, with ASCII white space or
/// colons allowed between digit pairs (never inside one).
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

    /// Whether `bytes` read from a file are hex text rather than raw bytes: not empty, and nothing but hex
    /// digits and the separators ``decode(_:maxBytes:)`` accepts.
    public static func isHexText(_ bytes: some Collection<UInt8>) -> Bool {
        !bytes.isEmpty
            && bytes.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                    UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: " "), UInt8(ascii: "\n"),
                    UInt8(ascii: "\r"), UInt8(ascii: "\t"), UInt8(ascii: ":"):
                    true
                default: false
                }
            }
    }

    /// Parses hex text.
    ///
    /// - Parameter maxBytes: the most bytes the text may decode to; longer text is refused before the
    ///   output grows past it.
    /// - Throws: ``HexDecodingError`` with the character (UTF-8 byte) offset of the problem.
    public static func decode(_ text: some StringProtocol, maxBytes: Int = .max) throws(HexDecodingError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(min(text.utf8.count / 2, maxBytes))
        var high: UInt8?
        var offset = 0
        for char in text.utf8 {
            defer { offset += 1 }
            let value: UInt8
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = char - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = char - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = char - UInt8(ascii: "A") + 10
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"), UInt8(ascii: ":"):
                guard high == nil else {
                    throw HexDecodingError(offset: offset, reason: "a separator splits a hex digit pair")
                }
                continue
            default:
                let shown = char >= 0x20 && char < 0x7F ? "'\(Unicode.Scalar(char))'" : "byte 0x\(encode([char]))"
                throw HexDecodingError(offset: offset, reason: "\(shown) is not a hex digit")
            }
            if let h = high {
                guard out.count < maxBytes else {
                    throw HexDecodingError(offset: offset, reason: "more than \(maxBytes) bytes")
                }
                out.append(h << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        guard high == nil else {
            throw HexDecodingError(offset: offset, reason: "odd number of hex digits")
        }
        return out
    }
}

/// Hex text that ``Hex/decode(_:maxBytes:)`` refused: where (a UTF-8 byte offset) and why.
public struct HexDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The stable code used in command-line errors and logs.
    public static let code = "invalidHex"
    /// The UTF-8 byte offset in the text where the problem was found.
    public let offset: Int
    /// What is wrong, in English.
    public let reason: String

    /// Creates an error at `offset`.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(Self.code) at offset \(offset): \(reason)" }
}
