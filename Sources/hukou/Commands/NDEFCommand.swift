import ArgumentParser
import Foundation
import HukouText
import NDEF

/// `hukou ndef`: decode and encode NDEF messages.
///
/// The JSON form is a contract other tools rely on: one object `{"records":[…]}`, one entry per logical
/// record (chunks reassembled) with `tnf`, `type`, `id` and `payload` (lowercase hex), plus `uri` for a
/// well-known URI record, `lang` and `text` for a Text record and `records` (nested) for a Smart Poster.
/// Malformed input exits with status 65 (EX_DATAERR), prints nothing on stdout and one line on stderr
/// naming the error and its byte offset.
struct NDEFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ndef",
        abstract: "Decode and encode NDEF messages.",
        subcommands: [Decode.self, Encode.self]
    )

    /// The exit status for malformed input (sysexits.h EX_DATAERR).
    static let dataErrorStatus: Int32 = 65
    /// The exit status for an unreadable input file (sysexits.h EX_NOINPUT).
    static let noInputStatus: Int32 = 66
    /// The largest input file read, in bytes.
    static let maximumInputSize = 16 << 20

    /// Output formats of the decoding commands.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json
        case text
    }

    /// `hukou ndef decode`.
    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decode an NDEF message (raw, from the first record header) and print its records.",
            discussion: """
                Prints one JSON object {"records":[{"tnf":N,"type":"<hex>","id":"<hex>","payload":"<hex>",…}]}.
                Malformed input exits with status 65 and one line on stderr naming the error and its offset.
                """
        )

        @OptionGroup var input: BytesInput
        @Option(help: "Output format: json or text.") var format: Format = .json

        func validate() throws { try input.validate() }

        func run() throws {
            try NDEFCommand.reportingErrors {
                let message = try NDEFMessage(decoding: try input.bytes())
                print(NDEFCommand.render(message, format: format))
            }
        }
    }

    /// `hukou ndef encode`.
    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Encode an NDEF message from the JSON that `ndef decode` prints.",
            discussion: """
                Reads {"records":[{"tnf":N,"type":"<hex>","id":"<hex>","payload":"<hex>"}]} from a file or stdin
                and writes the message as hex (default) or raw bytes. Where `payload` is absent, a well-known
                URI record may give `uri` and a Text record `text` (and `lang`, default "en") instead.
                """
        )

        @Option(name: .shortAndLong, help: "Read the JSON from this file instead of stdin.") var file: String?
        @Flag(help: "Write raw bytes instead of hex.") var raw = false
        @Option(help: "Split payloads longer than this into chunks.") var chunkSize: Int?
        @Flag(help: "Always use 4-byte payload lengths (no short records).") var long = false

        func run() throws {
            try NDEFCommand.reportingErrors {
                let text = try NDEFCommand.readInput(path: file)
                let message = try NDEFCommand.parseJSON(text)
                let bytes = try message.encoded(
                    options: NDEFEncodingOptions(chunkSize: chunkSize, usesShortRecords: !long)
                )
                if raw {
                    FileHandle.standardOutput.write(Data(bytes))
                } else {
                    print(Hex.encode(bytes))
                }
            }
        }
    }
}

// MARK: - Input, errors

/// The `--hex` / `--file` pair shared by the decoding commands.
struct BytesInput: ParsableArguments {
    @Option(help: "The bytes as hex (white space allowed).") var hex: String?
    @Option(
        name: .shortAndLong,
        help: "Read the bytes from a file: raw bytes, or hex text (any white space, e.g. one page per line)."
    )
    var file: String?

    func validate() throws {
        guard (hex == nil) != (file == nil) else {
            throw ValidationError("give exactly one of --hex and --file")
        }
    }

    /// The input bytes. A file holding only hex digits and white space is read as hex text.
    func bytes() throws -> [UInt8] {
        if let hex { return try Hex.decode(hex) }
        let data = try NDEFCommand.readInput(path: file)
        return Hex.isHexText(data) ? try Hex.decode(String(decoding: data, as: UTF8.self)) : data
    }
}

/// A file that cannot be read.
struct InputFileError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "cannot read \(path): \(reason)" }
}

/// JSON input that does not describe a message.
struct MessageJSONError: Error, CustomStringConvertible {
    var description: String
}

extension NDEFCommand {
    /// Runs `body`, turning input errors into one stderr line and the sysexits status, nothing on stdout.
    static func reportingErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as NDEFDecodingError {
            fail(NDEFCommand.dataErrorStatus, "NDEF error \(error.code): \(error.message), offset \(error.offset)")
        } catch let error as HexDecodingError {
            fail(NDEFCommand.dataErrorStatus, "\(HexDecodingError.code): \(error.reason), offset \(error.offset)")
        } catch let error as NDEFEncodingError {
            fail(NDEFCommand.dataErrorStatus, "NDEF encoding error: \(error)")
        } catch let error as MessageJSONError {
            fail(NDEFCommand.dataErrorStatus, "invalid message JSON: \(error)")
        } catch let error as InputFileError {
            fail(NDEFCommand.noInputStatus, "\(error)")
        }
    }

    /// Writes one line to stderr and exits with `status`.
    static func fail(_ status: Int32, _ line: String) -> Never {
        let single = line.replacing("\n", with: " ")
        FileHandle.standardError.write(Data("hukou: \(single)\n".utf8))
        Foundation.exit(status)
    }

    /// Reads a whole file (or stdin when `path` is nil or "-"), at most ``maximumInputSize`` bytes.
    static func readInput(path: String?) throws -> [UInt8] {
        let handle: FileHandle
        let name = path ?? "stdin"
        if let path, path != "-" {
            guard let opened = FileHandle(forReadingAtPath: path) else {
                throw InputFileError(path: path, reason: "no such file or not readable")
            }
            handle = opened
        } else {
            handle = FileHandle.standardInput
        }
        defer { if path != nil, path != "-" { try? handle.close() } }
        let data: Data?
        do {
            data = try handle.read(upToCount: maximumInputSize + 1)
        } catch {
            throw InputFileError(path: name, reason: "\(error)")
        }
        let bytes = [UInt8](data ?? Data())
        guard bytes.count <= maximumInputSize else {
            throw InputFileError(path: name, reason: "larger than \(maximumInputSize) bytes")
        }
        return bytes
    }
}

// MARK: - Rendering

extension NDEFCommand {
    /// Renders a message as the contract's JSON object or as a readable listing.
    static func render(_ message: NDEFMessage, format: Format) -> String {
        switch format {
        case .json: json(message.records)
        case .text: listing(message.records, indent: "")
        }
    }

    /// `{"records":[…]}` with keys in a fixed order.
    static func json(_ records: [NDEFRecord]) -> String {
        "{\"records\":[" + records.map(json).joined(separator: ",") + "]}"
    }

    private static func json(_ record: NDEFRecord) -> String {
        var fields = [
            "\"tnf\":\(record.typeNameFormat.rawValue)",
            "\"type\":\"\(Hex.encode(record.type))\"",
            "\"id\":\"\(Hex.encode(record.id))\"",
            "\"payload\":\"\(Hex.encode(record.payload))\"",
        ]
        if record.isWellKnown("U"), let uri = try? record.decodeURI() {
            fields.append("\"uri\":\(JSONString.quoted(uri))")
        } else if record.isWellKnown("T"), let language = try? record.decodeTextLanguage() {
            fields.append("\"lang\":\(JSONString.quoted(language))")
            if let text = try? record.decodeText() {
                fields.append("\"text\":\(JSONString.quoted(text.text))")
            }
        } else if record.isWellKnown("Sp"), let poster = try? record.decodeSmartPoster() {
            fields.append("\"uri\":\(JSONString.quoted(poster.uri))")
            fields.append("\"records\":[" + poster.records.map(json).joined(separator: ",") + "]")
        }
        return "{" + fields.joined(separator: ",") + "}"
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

// MARK: - JSON input

extension NDEFCommand {
    private struct MessageJSON: Decodable {
        var records: [RecordJSON]
    }

    private struct RecordJSON: Decodable {
        var tnf: Int
        var type: String?
        var id: String?
        var payload: String?
        var uri: String?
        var text: String?
        var lang: String?
    }

    /// Parses the contract's JSON into a message.
    static func parseJSON(_ bytes: [UInt8]) throws -> NDEFMessage {
        let parsed: MessageJSON
        do {
            parsed = try JSONDecoder().decode(MessageJSON.self, from: Data(bytes))
        } catch {
            throw MessageJSONError(description: "not the {\"records\":[…]} object (\(error.localizedDescription))")
        }
        var records: [NDEFRecord] = []
        for (index, entry) in parsed.records.enumerated() {
            guard let tnf = UInt8(exactly: entry.tnf).flatMap(TypeNameFormat.init(rawValue:)) else {
                throw MessageJSONError(description: "record \(index): tnf \(entry.tnf) is not 0–6")
            }
            func bytes(_ field: String, _ value: String?) throws -> [UInt8] {
                do {
                    return try Hex.decode(value ?? "")
                } catch {
                    throw MessageJSONError(description: "record \(index): \(field) is not hex (\(error.reason))")
                }
            }
            var record = NDEFRecord(
                typeNameFormat: tnf,
                type: try bytes("type", entry.type),
                id: try bytes("id", entry.id),
                payload: try bytes("payload", entry.payload)
            )
            if entry.payload == nil {
                if record.isWellKnown("U"), let uri = entry.uri {
                    record.payload = NDEFRecord.uri(uri).payload
                } else if record.isWellKnown("T"), let text = entry.text {
                    record.payload = NDEFRecord.text(text, language: entry.lang ?? "en").payload
                }
            }
            records.append(record)
        }
        return NDEFMessage(records: records)
    }
}
