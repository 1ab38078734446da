/// Masked display forms of the applicant's name and ID number.
///
/// Kept in this one internal place so it can be swapped for `HukouIntent.PrivacyMask` once that lands.
enum Masking {
    /// First 3 and last 4 characters of an ID number, the rest `*` (`110***********0011`).
    static func idNumber(_ id: String) -> String {
        let utf8 = Array(id.utf8)
        if utf8.count > 7, utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (every ID number a tap may carry): one byte per character.
            var masked = Array(utf8.prefix(3))
            masked += repeatElement(UInt8(ascii: "*"), count: utf8.count - 7)
            masked += utf8.suffix(4)
            return String(decoding: masked, as: UTF8.self)
        }
        let chars = Array(id)
        guard chars.count > 7 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 7) + String(chars.suffix(4))
    }

    /// `张*` for two characters, `张*明` for three, `欧阳**` for four or more; each part of a
    /// `·`-separated minority name after the first is masked whole (`买买提·**`).
    static func name(_ name: String) -> String {
        let parts = name.split(separator: "·", omittingEmptySubsequences: false)
        if parts.count > 1, let first = parts.first {
            return ([maskPart(first)] + parts.dropFirst().map { String(repeating: "*", count: $0.count) })
                .joined(separator: "·")
        }
        return maskPart(Substring(name))
    }

    private static func maskPart(_ part: Substring) -> String {
        let chars = Array(part)
        switch chars.count {
        case 0: return ""
        case 1: return "*"
        case 2: return String(chars[0]) + "*"
        case 3: return String(chars[0]) + "*" + String(chars[2])
        default: return String(chars.prefix(2)) + String(repeating: "*", count: chars.count - 2)
        }
    }
}
