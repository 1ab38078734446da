/// A tag whose NDEF message can be read over a ``Transceiver``: ``Type2Tag`` or ``Type4Tag``.
///
/// Get one from ``TagActivator/activate(_:)``. Reading is synchronous and runs on the reader's thread.
public protocol NDEFTag: Sendable {
    /// The target as the reader saw it.
    var target: DetectedTarget { get }

    /// The platform of this tag.
    var tagType: TagType { get }

    /// Reads and decodes the whole NDEF message.
    ///
    /// - Returns: the message, its raw bytes and the traffic counts; never a partial message.
    /// - Throws: ``TagError`` for any failed exchange, unexpected answer or invalid content.
    func readNDEF(over transceiver: any Transceiver, options: TagReadOptions) throws(TagError) -> TagReadResult
}
