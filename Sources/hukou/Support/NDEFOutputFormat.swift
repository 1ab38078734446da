import ArgumentParser
import HukouText
import NDEF
import NDEFJSON

/// How `ndef decode`, `tag decode` and `tag read` print a message: the JSON form (``NDEFJSON``) or a listing
/// for people.
enum NDEFOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json
    case text

    /// The message in this format.
    func render(_ message: NDEFMessage) -> String {
        switch self {
        case .json: NDEFJSON.encode(message)
        case .text: Self.listing(message.records, indent: "")
        }
    }

    private static func listing(_ records: [NDEFRecord], indent: String) -> String {
        guard !records.isEmpty else { return indent + "(no records)" }
        var lines: [String] = []
        for (index, record) in records.enumerated() {
            let type = record.typeString.map { "\"\($0)\"" } ?? Hex.encode(record.type)
            var line = "\(indent)record \(index): \(record.typeNameFormat)"
            if !record.type.isEmpty { line += " type \(type)" }
            if !record.id.isEmpty { line += " id \(Hex.encode(record.id))" }
            line += ", \(record.payload.count) payload bytes"
            lines.append(line)
            if record.isWellKnown("U"), let uri = try? record.decodeURI() {
                lines.append("\(indent)  uri: \(uri)")
            } else if record.isWellKnown("T"), let language = try? record.decodeTextLanguage() {
                let text = (try? record.decodeText()).map { JSONString.quoted($0.text) } ?? "(not valid text)"
                lines.append("\(indent)  text [\(language)]: \(text)")
            } else if record.isWellKnown("Sp"), let poster = try? record.decodeSmartPoster() {
                lines.append(listing(poster.records, indent: indent + "  "))
            } else if !record.payload.isEmpty {
                let shown = record.payload.prefix(32)
                lines.append("\(indent)  payload: \(Hex.encode(shown))\(record.payload.count > 32 ? "…" : "")")
            }
        }
        return lines.joined(separator: "\n")
    }
}
