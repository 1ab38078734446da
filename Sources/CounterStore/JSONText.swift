import HukouText

/// A small JSON writer for the tap path, where Foundation's `JSONEncoder` costs more than the rest of
/// the submission. Output is compact, keys sorted, and decodes with `JSONDecoder` to the same values.
enum JSONText {
    /// `["a","b"]`.
    static func array(_ strings: [String]) -> String {
        var out = "["
        for (index, string) in strings.enumerated() {
            if index > 0 { out += "," }
            JSONString.append(string, to: &out)
        }
        return out + "]"
    }

    /// The JSON form of an ``ApplicantRecord`` (`fields`, `idNumber`, `name`; absent values omitted).
    static func applicant(_ record: ApplicantRecord) -> String {
        var out = "{\"fields\":{"
        for (index, key) in record.fields.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            JSONString.append(key, to: &out)
            out += ":"
            JSONString.append(record.fields[key] ?? "", to: &out)
        }
        out += "}"
        if let id = record.idNumber {
            out += ",\"idNumber\":"
            JSONString.append(id, to: &out)
        }
        if let name = record.name {
            out += ",\"name\":"
            JSONString.append(name, to: &out)
        }
        return out + "}"
    }
}
