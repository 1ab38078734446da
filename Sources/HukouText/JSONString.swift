/// JSON string literals (RFC 8259), for the hand-written JSON of the tap path, the intent builder and the
/// command line's output.
///
/// Escapes the quotation mark, the reverse solidus, every control character (U+0000–001F, U+007F) and the
/// line and paragraph separators U+2028/2029, so the literal is safe inside JSON, JavaScript and a log line;
/// other text stays UTF-8.
public enum JSONString {
    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        var out = ""
        append(text, to: &out)
        return out
    }

    /// Appends `text` as a JSON string literal, quotes included, to `out`.
    public static func append(_ text: String, to out: inout String) {
        if !text.utf8.contains(where: needsEscape) {
            // Nothing to escape (the common case): copy it whole.
            out += "\""
            out += text
            out += "\""
            return
        }
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _
            where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// A byte that may start something to escape: ASCII controls, DEL, `"`, `\`, or `E2` (the lead byte of
    /// U+2028/2029, `E2 80 A8`/`E2 80 A9`; other `E2` sequences are then copied unchanged).
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xE2
    }
}
