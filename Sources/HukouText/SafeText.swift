/// The one rule for free text that a person types or a file provides (intent fields, clerk names and reasons,
/// catalog names and materials), and the one way to show text that came from outside.
///
/// Refused in free text: every character of Unicode general category Cc (controls: C0, DEL, C1, so ESC and
/// newlines) and Cf (format: the bidi overrides and isolates U+202A–202E and U+2066–2069, zero-width characters
/// U+200B–200F, U+FEFF, …), and the line and paragraph separators U+2028 and U+2029 — anything that could move the
/// cursor, reorder what a clerk reads, hide text or start a new log line.
public enum SafeText {
    /// Why text is not acceptable free text.
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        /// A forbidden character (see ``SafeText/isForbidden(_:)``) at this scalar offset.
        case forbiddenCharacter(offset: Int, scalar: Unicode.Scalar)
        /// White space at the start or the end.
        case surroundingWhiteSpace

        public var description: String {
            switch self {
            case .forbiddenCharacter(let offset, let scalar):
                "control or format character U+\(SafeText.hex(scalar.value)) at character \(offset + 1)"
            case .surroundingWhiteSpace: "white space at the start or the end"
            }
        }
    }

    /// Whether `scalar` may not appear in free text: general category Cc or Cf, or U+2028 / U+2029.
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value < 0x20 || scalar.value == 0x7F }
        switch scalar.properties.generalCategory {
        case .control, .format: return true
        default: return scalar.value == 0x2028 || scalar.value == 0x2029
        }
    }

    /// The first forbidden character of `text`, with its scalar offset.
    public static func firstForbidden(in text: some StringProtocol) -> (offset: Int, scalar: Unicode.Scalar)? {
        // ASCII text (most of it) is settled on the bytes.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            guard let index = text.utf8.firstIndex(where: { $0 < 0x20 || $0 == 0x7F }) else { return nil }
            let offset = text.utf8.distance(from: text.utf8.startIndex, to: index)
            return (offset, Unicode.Scalar(text.utf8[index]))
        }
        for (offset, scalar) in text.unicodeScalars.enumerated() where isForbidden(scalar) {
            return (offset, scalar)
        }
        return nil
    }

    /// Why `text` is not acceptable free text, or `nil` if it is: no forbidden character and, unless
    /// `allowSurroundingWhiteSpace`, no white space at either end.
    public static func problem(in text: some StringProtocol, allowSurroundingWhiteSpace: Bool = false) -> Problem? {
        if let (offset, scalar) = firstForbidden(in: text) {
            return .forbiddenCharacter(offset: offset, scalar: scalar)
        }
        guard !allowSurroundingWhiteSpace else { return nil }
        let scalars = text.unicodeScalars
        if scalars.first?.properties.isWhitespace == true || scalars.last?.properties.isWhitespace == true {
            return .surroundingWhiteSpace
        }
        return nil
    }

    /// Untrusted text made safe to echo in a message: printable ASCII only (others become `?`), at most `limit`
    /// characters, then `…`. For names a tag or a file chose (claim names, data keys, key ids).
    public static func quoted(_ text: some StringProtocol, limit: Int = 32) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            out.unicodeScalars.append((0x20...0x7E).contains(scalar.value) ? scalar : "?")
        }
        return text.unicodeScalars.count > limit ? out + "…" : out
    }

    /// `text` with every forbidden character written as `\u{XXXX}` (and `\` as `\\`), everything else kept: for log
    /// lines, which must stay one line each and show what was there.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isForbidden($0) || $0 == "\\" }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == "\\" {
                out += "\\\\"
            } else if isForbidden(scalar) {
                out += "\\u{\(hex(scalar.value))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
