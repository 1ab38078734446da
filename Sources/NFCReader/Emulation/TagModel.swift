public import NFCTag

/// A tag emulated at the command level: a memory image or an application that answers the frames a
/// reader sends, like the chip or phone it stands for.
///
/// A model is a plain value with mutating state, usable from any one thread at a time: the simulated
/// reader, the virtual PN532 and the virtual PC/SC card all drive the same models. Frames are the tag's
/// own commands without CRC (`30 pp`, `3A ss ee`, `60`; ISO 7816-4 APDUs for Type 4), as a
/// ``NFCTag/Transceiver`` carries them. Fault injection and counting sit around a model in ``TagEmulator``.
public protocol TagModel: Sendable {
    /// What a reader sees when it selects the tag (UID, ATQA, SAK, ATS).
    var target: DetectedTarget { get }

    /// Which chip or application this model emulates.
    var kind: TagModelKind { get }

    /// Answers one command frame.
    ///
    /// A Type 2 NAK is returned as `.data` with one byte holding the 4-bit NAK value; after a NAK
    /// a Type 2 model stays ``TagModelResponse/mute`` until ``reselect()``, as real chips do.
    mutating func respond(to command: [UInt8]) -> TagModelResponse

    /// The reader woke and selected the tag again (WUPA or REQA, anticollision, SELECT; RATS for ISO-DEP).
    ///
    /// A Type 2 model leaves its mute state; a Type 4 model forgets the selected application and file.
    mutating func reselect()

    /// The tag enters the field for a new tap: state is reset as by ``reselect()``, and a phone in
    /// card emulation draws a new random UID.
    mutating func enterField()

    /// How many NDEF writes by a reader completed on this tag so far (always 0 for a tag that takes none).
    var completedNDEFWrites: Int { get }

    /// The NDEF message the tag holds now, for a model a reader can write; nil for the others.
    var ndefMessage: [UInt8]? { get }
}

extension TagModel {
    /// By default a new tap is the same as a reselect.
    public mutating func enterField() {
        reselect()
    }

    /// By default a model takes no writes.
    public var completedNDEFWrites: Int { 0 }

    /// By default a model keeps no writable message.
    public var ndefMessage: [UInt8]? { nil }
}

/// The answer of a ``TagModel`` to one command.
public enum TagModelResponse: Hashable, Sendable {
    /// Bytes sent back; a single byte below 0x10 from a Type 2 tag is a NAK.
    case data([UInt8])
    /// No answer at all: the reader times out.
    case mute
}
