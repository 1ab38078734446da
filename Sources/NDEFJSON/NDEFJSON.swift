import Foundation
import HukouText
public import NDEF

/// The JSON form of an NDEF message that `hukou ndef decode` prints and `hukou ndef encode` reads.
///
/// One object `{"records":[…]}` with one entry per logical record (chunks reassembled): `tnf` (0–6) and
/// `type`, `id` and `payload` as lower-case hex, always in that order. A well-known URI record adds `uri`, a
/// Text record `lang` and (when the text is valid) `text`, a Smart Poster `uri` and its nested `records`.
/// Reading accepts the same object; a URI or Text record without `payload` is built from `uri`, or from
/// `text` and `lang` (default `en`). The form is a contract other tools rely on (docs/ndef.md).
public enum NDEFJSON {
    /// The message as one JSON object, keys in the documented order, no white space.
    public static func encode(_ message: NDEFMessage) -> String {
        var out = ""
        append(message.records, to: &out)
        return out
    }

    /// Parses the JSON object into a message (the records are not checked against the NDEF rules here;
    /// encoding the message does that).
    ///
    /// The caller bounds the input's size: the whole text is parsed at once.
    /// - Throws: ``NDEFJSONError`` naming the record and field at fault.
    public static func decode(_ json: some Collection<UInt8>) throws(NDEFJSONError) -> NDEFMessage {
        let parsed: MessageObject
        do {
            parsed = try JSONDecoder().decode(MessageObject.self, from: Data(json))
        } catch {
            throw NDEFJSONError(
                .notMessageObject,
                "not the {\"records\":[…]} object (\(error.localizedDescription))"
            )
        }
        var records: [NDEFRecord] = []
        records.reserveCapacity(parsed.records.count)
        for (index, entry) in parsed.records.enumerated() {
            records.append(try record(entry, index: index))
        }
        return NDEFMessage(records: records)
    }

    // MARK: - Writing

    private static func append(_ records: [NDEFRecord], to out: inout String) {
        out += "{\"records\":"
        appendArray(records, to: &out)
        out += "}"
    }

    private static func appendArray(_ records: [NDEFRecord], to out: inout String) {
        out += "["
        for (index, record) in records.enumerated() {
            if index > 0 { out += "," }
            append(record, to: &out)
        }
        out += "]"
    }

    private static func append(_ record: NDEFRecord, to out: inout String) {
        out += "{\"tnf\":\(record.typeNameFormat.rawValue)"
        out += ",\"type\":\"\(Hex.encode(record.type))\""
        out += ",\"id\":\"\(Hex.encode(record.id))\""
        out += ",\"payload\":\"\(Hex.encode(record.payload))\""
        if record.isWellKnown("U"), let uri = try? record.decodeURI() {
            out += ",\"uri\":"
            JSONString.append(uri, to: &out)
        } else if record.isWellKnown("T"), let language = try? record.decodeTextLanguage() {
            out += ",\"lang\":"
            JSONString.append(language, to: &out)
            if let text = try? record.decodeText() {
                out += ",\"text\":"
                JSONString.append(text.text, to: &out)
            }
        } else if record.isWellKnown("Sp"), let poster = try? record.decodeSmartPoster() {
            out += ",\"uri\":"
            JSONString.append(poster.uri, to: &out)
            out += ",\"records\":"
            appendArray(poster.records, to: &out)
        }
        out += "}"
    }

    // MARK: - Reading

    private struct MessageObject: Decodable {
        var records: [RecordObject]
    }

    private struct RecordObject: Decodable {
        var tnf: Int
        var type: String?
        var id: String?
        var payload: String?
        var uri: String?
        var text: String?
        var lang: String?
    }

    private static func record(_ entry: RecordObject, index: Int) throws(NDEFJSONError) -> NDEFRecord {
        guard let tnf = UInt8(exactly: entry.tnf).flatMap(TypeNameFormat.init(rawValue:)) else {
            throw NDEFJSONError(.invalidTypeNameFormat, record: index, "tnf \(entry.tnf) is not 0–6")
        }
        var record = NDEFRecord(
            typeNameFormat: tnf,
            type: try bytes(entry.type, field: "type", record: index),
            id: try bytes(entry.id, field: "id", record: index),
            payload: try bytes(entry.payload, field: "payload", record: index)
        )
        if entry.payload == nil {
            if record.isWellKnown("U"), let uri = entry.uri {
                record.payload = NDEFRecord.uri(uri).payload
            } else if record.isWellKnown("T"), let text = entry.text {
                record.payload = NDEFRecord.text(text, language: entry.lang ?? "en").payload
            }
        }
        return record
    }

    private static func bytes(_ text: String?, field: String, record: Int) throws(NDEFJSONError) -> [UInt8] {
        do {
            return try Hex.decode(text ?? "")
        } catch {
            throw NDEFJSONError(
                .invalidHex,
                record: record,
                "\(field) is not hex (\(error.reason), offset \(error.offset))"
            )
        }
    }
}
