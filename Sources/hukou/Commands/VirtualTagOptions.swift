import ArgumentParser
import Foundation
import HukouText
import NDEF
import NFCReader

/// The emulated tag of `hukou virtual pcsc-card` and `hukou virtual pn532`: its kind, its NDEF message and when it
/// is taken away.
struct VirtualTagOptions: ParsableArguments {
    @Option(help: "The tag: \(TagModelKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var tag: String

    @Option(name: .customLong("ndef-hex"), help: "The NDEF message on the tag, as hex.")
    var ndefHex: String?

    @Option(name: .customLong("ndef-file"), help: "A file holding the NDEF message on the tag (raw bytes).")
    var ndefFile: String?

    @Option(name: .customLong("remove-after"), help: "Take the tag away after this many tag commands.")
    var removeAfter: Int?

    @Option(
        name: .customLong("file-size"),
        help: "The NDEF file size a type4 tag announces, so a reader can write into it (default: just the message)."
    )
    var fileSize: Int?

    /// The largest NDEF file accepted: far more than any tag holds, small enough to read at once.
    static let maximumFileSize = 64 * 1024

    func validate() throws {
        guard TagModelKind(rawValue: tag) != nil else {
            throw ValidationError("unknown --tag '\(tag)'; use one of \(TagModelKind.allCases.map(\.rawValue))")
        }
        if ndefHex != nil, ndefFile != nil { throw ValidationError("give only one of --ndef-hex and --ndef-file") }
        if let removeAfter, removeAfter < 0 { throw ValidationError("--remove-after must be 0 or more") }
        if let fileSize {
            guard tag == TagModelKind.type4.rawValue else { throw ValidationError("--file-size is for --tag type4") }
            guard (5...0x7FFF).contains(fileSize) else { throw ValidationError("--file-size must be 5...32767") }
        }
    }

    /// The Type 4 configuration these options ask for, with `mle` when given.
    func type4Configuration(mle: Int? = nil) -> Type4TagModel.Configuration {
        var configuration = Type4TagModel.Configuration(maximumNDEFFileSize: fileSize)
        if let mle { configuration.maximumResponseLength = mle }
        return configuration
    }

    /// The tag model these options describe (with `mle` for a type4 tag when given).
    func model(mle: Int? = nil) throws -> any TagModel {
        let kind = try kind()
        let ndef = try loadNDEF()
        if kind == .type4 {
            return try Type4TagModel(ndefBytes: ndef ?? [], configuration: type4Configuration(mle: mle))
        }
        return try TagModelFactory.make(kind: kind, ndefBytes: ndef)
    }

    /// Prints ``describeWrite(_:)`` on standard output at once (the device runs until killed).
    @Sendable static func printWrite(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data((describeWrite(bytes) + "\n").utf8))
    }

    /// The lines `hukou virtual` prints when a reader wrote an NDEF message to the tag, so a trainer can show it:
    /// the bytes as hex, then each record's type and, for text-like payloads, the text.
    static func describeWrite(_ bytes: [UInt8]) -> String {
        var lines = ["NDEF message written (\(bytes.count) bytes): \(Hex.encode(bytes))"]
        guard let message = try? NDEFMessage(decoding: bytes) else {
            lines.append("  (not a valid NDEF message)")
            return lines.joined(separator: "\n")
        }
        for record in message.records {
            let type = record.typeString ?? Hex.encode(record.type)
            let text = String(validating: record.payload, as: UTF8.self).map { " \($0)" } ?? ""
            lines.append("  record \(record.typeNameFormat) \(type), \(record.payload.count) bytes\(text)")
        }
        return lines.joined(separator: "\n")
    }

    /// The tag kind (checked by ``validate()``).
    func kind() throws -> TagModelKind {
        guard let kind = TagModelKind(rawValue: tag) else { throw ExitCode.validationFailure }
        return kind
    }

    /// Whether an NDEF message was given, by hex or file.
    var hasNDEF: Bool { ndefHex != nil || ndefFile != nil }

    /// The NDEF message from `--ndef-hex` or `--ndef-file` (read up to ``maximumFileSize`` bytes), or nil.
    func loadNDEF() throws -> [UInt8]? {
        if let ndefHex { return try Hex.decode(ndefHex) }
        guard let ndefFile else { return nil }
        guard let handle = FileHandle(forReadingAtPath: ndefFile) else {
            throw ValidationError("cannot open --ndef-file \(ndefFile)")
        }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: Self.maximumFileSize + 1) ?? Data()
        guard data.count <= Self.maximumFileSize else {
            throw ValidationError("--ndef-file is larger than \(Self.maximumFileSize) bytes; no tag holds that much")
        }
        return [UInt8](data)
    }
}
