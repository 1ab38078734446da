/// Masking of personal data for every display and log line (PIPL; GB/T 35273 practice).
///
/// Only the clerk's detail view with an explicit reveal, and the store, hold full values.
public enum PrivacyMask {
    /// `110101199003070011` → `110***********0011`: first 3 and last 4 characters kept.
    public static func idNumber(_ value: String) -> String {
        let characters = Array(value)
        guard characters.count >= 8 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(3)) + String(repeating: "*", count: characters.count - 7)
            + String(characters.suffix(4))
    }

    /// `张三` → `张*`, `张小明` → `张*明`, `阿依古丽·买买提` → `阿******提`; a single character → `*`.
    public static func name(_ value: String) -> String {
        let characters = Array(value)
        switch characters.count {
        case 0: return ""
        case 1: return "*"
        case 2: return String(characters[0]) + "*"
        default:
            return String(characters[0]) + String(repeating: "*", count: characters.count - 2)
                + String(characters[characters.count - 1])
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
