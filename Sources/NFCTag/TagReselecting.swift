/// A transceiver that can wake and select the same tag again (WUPA or REQA, anticollision, SELECT).
///
/// Type 2 tags go mute after a command they do not support (they NAK it and fall back to IDLE);
/// ``Type2Tag`` probes with GET_VERSION only when the transceiver conforms, and re-selects after a NAK.
public protocol TagReselecting {
    /// Re-selects the tag that is in the field.
    ///
    /// - Throws: ``TransceiveError`` when the tag is gone or answers with another UID (``TransceiveError/Code/tagRemoved``).
    func reselect() throws(TransceiveError)
}
