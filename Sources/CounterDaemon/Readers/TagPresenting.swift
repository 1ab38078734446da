/// A reader that can be handed a tag in software: the simulated reader behind a control `tap`.
///
/// The tag is presented as a real tag model (an NTAG215 memory image, an Android HCE Type 4 application), so
/// the daemon's read runs the same tag-protocol code as for a USB reader.
public protocol TagPresenting: Sendable {
    /// Puts a tag holding `ndef` into the field; the reader then reports it like any other tag.
    ///
    /// - Throws: when the bytes do not fit the tag model or the reader is not running.
    func presentTag(_ type: SimulatedTagType, ndef: [UInt8]) async throws

    /// Takes the tag out of the field again.
    func removeTag() async
}
