import NDEF
public import NFCReader

extension SimulatedReader: TagPresenting {
    /// Presents `ndef` as an NTAG215 (Type 2) or an Android HCE tag (Type 4), formatted as such tags ship.
    public func presentTag(_ type: SimulatedTagType, ndef: [UInt8]) async throws {
        let model = try TagModelFactory.make(kind: type == .type2 ? .ntag215 : .type4, ndefBytes: ndef)
        await present(model)
    }

    /// Removes the tag from the field.
    public func removeTag() async {
        await remove()
    }
}
