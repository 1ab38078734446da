import NDEF
public import NFCReader

extension SimulatedReader: TagPresenting {
    /// Presents `ndef` as an NTAG215 (Type 2) or an Android HCE tag (Type 4), formatted as such tags ship; the phone
    /// app keeps a writable 2 KiB NDEF file, room for a receipt (``NFCReader/Type4TagModel/Configuration/receiptPhone``).
    public func presentTag(_ type: SimulatedTagType, ndef: [UInt8]) async throws {
        switch type {
        case .type2: await present(try TagModelFactory.make(kind: .ntag215, ndefBytes: ndef))
        case .type4: await present(try Type4TagModel(ndefBytes: ndef, configuration: .receiptPhone))
        }
    }

    /// Removes the tag from the field.
    public func removeTag() async {
        await remove()
    }
}
