import ArgumentParser
import Foundation
import HukouIntent
import HukouText
import NDEF
import NFCReader

/// The emulated tag of `hukou virtual pcsc-card` and `hukou virtual pn532`: its kind, its NDEF message
/// (`--hex` / `--file`) and when it is taken away.
struct VirtualTagOptions: ParsableArguments {
    @Option(help: "The tag: \(TagModelKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var tag: String

    /// The NDEF message on the tag.
    @OptionGroup var ndef: BytesInputOptions

    @Option(name: .customLong("remove-after"), help: "Take the tag away after this many tag commands.")
    var removeAfter: Int?

    @Option(
        name: .customLong("file-size"),
        help: "The NDEF file size a type4 tag announces, so a reader can write into it (default: just the message)."
    )
    var fileSize: Int?

    func validate() throws {
        guard TagModelKind(rawValue: tag) != nil else {
            throw ValidationError("unknown --tag '\(tag)'; use one of \(TagModelKind.allCases.map(\.rawValue))")
        }
        if let removeAfter, removeAfter < 0 { throw ValidationError("--remove-after must be 0 or more") }
        if let fileSize {
            guard tag == TagModelKind.type4.rawValue else { throw ValidationError("--file-size is for --tag type4") }
            guard (5...0x7FFF).contains(fileSize) else { throw ValidationError("--file-size must be 5...32767") }
        }
    }

    /// The tag model these options describe (a type4 tag with MLe `mle` when given).
    func model(mle: Int? = nil) throws -> any TagModel {
        let kind = try kind()
        let ndef = try loadNDEF()
        if kind == .type4 {
            var configuration = Type4TagModel.Configuration(maximumNDEFFileSize: fileSize)
            if let mle { configuration.maximumResponseLength = mle }
            return try Type4TagModel(ndefBytes: ndef ?? [], configuration: configuration)
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
            if record.typeString == Receipt.recordType,
                let receipt = ReceiptVerifier.unverifiedClaims(jws: record.payload)
            {
                lines.append(
                    "  receipt (signature not checked here): \(receipt.station), window \(receipt.window), "
                        + "\(receipt.business) \(receipt.businessName.zh), state \(receipt.state), "
                        + "ticket \(receipt.ticket ?? "-"), position \(receipt.position.map(String.init) ?? "-"), "
                        + "materials: \(receipt.materials.map(\.zh).joined(separator: "、"))"
                )
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The tag kind (checked by ``validate()``).
    func kind() throws -> TagModelKind {
        guard let kind = TagModelKind(rawValue: tag) else { throw ExitCode.validationFailure }
        return kind
    }

    /// The NDEF message from `--hex` or `--file`, or nil when neither was given.
    func loadNDEF() throws -> [UInt8]? {
        ndef.isGiven ? try ndef.bytes() : nil
    }
}
