import ArgumentParser
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

    func validate() throws {
        guard TagModelKind(rawValue: tag) != nil else {
            throw ValidationError("unknown --tag '\(tag)'; use one of \(TagModelKind.allCases.map(\.rawValue))")
        }
        if let removeAfter, removeAfter < 0 { throw ValidationError("--remove-after must be 0 or more") }
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
