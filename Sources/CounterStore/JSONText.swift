/// A small JSON writer for the tap path, where Foundation's `JSONEncoder` costs more than the rest of
/// the submission. Output is compact, keys sorted, and decodes with `JSONDecoder` to the same values.
enum JSONText {
    /// `["a","b"]`.
    static func array(_ strings: [String]) -> String {
        var out = "["
        for (index, string) in strings.enumerated() {
            if index > 0 { out += "," }
            append(string, to: &out)
        }
        return out + "]"
    }

    /// The JSON form of an ``ApplicantRecord`` (`fields`, `idNumber`, `name`; absent values omitted).
    static func applicant(_ record: ApplicantRecord) -> String {
        var out = "{\"fields\":{"
        for (index, key) in record.fields.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            append(key, to: &out)
            out += ":"
            append(record.fields[key] ?? "", to: &out)
        }
        out += "}"
        if let id = record.idNumber {
            out += ",\"idNumber\":"
            append(id, to: &out)
        }
        if let name = record.name {
            out += ",\"name\":"
            append(name, to: &out)
        }
        return out + "}"
    }

    /// Appends `string` as a JSON string literal, escaping quotes, backslashes and control characters.
    static func append(_ string: String, to out: inout String) {
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            // Nothing to escape (the common case): copy it whole.
            out += "\""
            out += string
            out += "\""
            return
        }
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
