/// Masked forms of personal data, for every display and log line (PIPL; GB/T 35273 practice).
///
/// The one masking rule of the package: the store keeps these forms beside the sealed values, the intent
/// types print them, and the clerk's screens show them. Only the application view at the serving window
/// shows full values.
public enum PrivacyMask {
    /// First 3 and last 4 characters of an ID number, the rest `*` (`110***********0011`); seven characters or
    /// fewer are masked whole.
    public static func idNumber(_ value: String) -> String {
        let utf8 = Array(value.utf8)
        if utf8.count > 7, utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (every ID number a tap may carry): one byte per character, no grapheme breaking.
            var masked = Array(utf8.prefix(3))
            masked += repeatElement(UInt8(ascii: "*"), count: utf8.count - 7)
            masked += utf8.suffix(4)
            return String(decoding: masked, as: UTF8.self)
        }
        let characters = Array(value)
        guard characters.count > 7 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(3)) + String(repeating: "*", count: characters.count - 7)
            + String(characters.suffix(4))
    }

    /// `张*` for two characters, `张*明` for three, `欧阳**` for four or more (a compound surname is the
    /// likelier reading); a single character is `*`. In a `·`-separated minority name the first part is masked
    /// so and every later part whole, the `·` kept (`阿依**·***`).
    public static func name(_ value: String) -> String {
        let parts = value.split(separator: "·", omittingEmptySubsequences: false)
        if parts.count > 1, let first = parts.first {
            return ([namePart(first)] + parts.dropFirst().map { String(repeating: "*", count: $0.count) })
                .joined(separator: "·")
        }
        return namePart(Substring(value))
    }

    private static func namePart(_ part: Substring) -> String {
        let characters = Array(part)
        switch characters.count {
        case 0: return ""
        case 1: return "*"
        case 2: return String(characters[0]) + "*"
        case 3: return String(characters[0]) + "*" + String(characters[2])
        default: return String(characters.prefix(2)) + String(repeating: "*", count: characters.count - 2)
        }
    }

    /// Household number: all but the last two characters masked.
    public static func householdNumber(_ value: String) -> String {
        let characters = Array(value)
        guard characters.count > 2 else { return String(repeating: "*", count: characters.count) }
        return String(repeating: "*", count: characters.count - 2) + String(characters.suffix(2))
    }

    /// Address: the first six characters (usually province, city, district) and `***`.
    public static func address(_ value: String) -> String {
        let characters = Array(value)
        guard characters.count > 6 else { return value.isEmpty ? "" : "***" }
        return String(characters.prefix(6)) + "***"
    }

    /// Free text that may identify someone (a certificate number, an old value): first character and `***`.
    public static func text(_ value: String) -> String {
        guard let first = value.first else { return "" }
        return String(first) + "***"
    }
}
