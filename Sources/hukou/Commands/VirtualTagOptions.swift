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

    /// The largest NDEF file accepted: far more than any tag holds, small enough to read at once.
    static let maximumFileSize = 64 * 1024

    func validate() throws {
        guard TagModelKind(rawValue: tag) != nil else {
            throw ValidationError("unknown --tag '\(tag)'; use one of \(TagModelKind.allCases.map(\.rawValue))")
        }
        if ndefHex != nil, ndefFile != nil { throw ValidationError("give only one of --ndef-hex and --ndef-file") }
        if let removeAfter, removeAfter < 0 { throw ValidationError("--remove-after must be 0 or more") }
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
