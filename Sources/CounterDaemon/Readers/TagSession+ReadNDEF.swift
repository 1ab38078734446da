public import NDEF
public import NFCReader
public import NFCTag

/// What the daemon read from a tag: the NDEF message and, for a Type 4 tag, the NDEF file it came from, so a
/// receipt can be written into it in the same presence (``ReceiptIssuer``).
public struct TagContent: Sendable {
    /// The NDEF message.
    public var message: NDEFMessage
    /// The Type 4 NDEF file left selected by the read; nil for other tags.
    public var type4File: Type4NDEFFile?

    /// Creates a value.
    public init(message: NDEFMessage, type4File: Type4NDEFFile? = nil) {
        self.message = message
        self.type4File = type4File
    }
}

extension TagSession {
    /// Reads the tag's NDEF message with the same protocol code for every reader (``TagActivator``), on the
    /// reader's own thread.
    ///
    /// - Throws: ``TagContentError`` when the tag answered but holds no valid NDEF message (the tap is then
    ///   refused); a `TagError` or `TransceiveError` when the exchange failed (nothing acknowledged).
    public func readNDEFMessage() async throws -> NDEFMessage {
        try await readNDEFContent().message
    }

    /// Reads the tag's NDEF message like ``readNDEFMessage()``, keeping what a write in this presence needs.
    ///
    /// - Throws: as ``readNDEFMessage()``.
    public func readNDEFContent() async throws -> TagContent {
        let target = self.target
        let result = try await perform { transceiver -> Result<TagContent, TagError> in
            do throws(TagError) {
                let tag = try TagActivator.activate(target)
                if let type4 = tag as? Type4Tag {
                    let (read, file) = try type4.readNDEFFile(over: transceiver)
                    return .success(TagContent(message: read.message, type4File: file))
                }
                return .success(TagContent(message: try tag.readNDEF(over: transceiver, options: .init()).message))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let content):
            return content
        case .failure(let error):
            switch error.code {
            case .invalidNDEF, .invalidFormat, .notReadable, .messageTooLarge, .unsupportedTag, .noNDEFApplication:
                throw TagContentError(code: error.code.description, message: error.message, ndefError: error.ndefError)
            default:
                throw error
            }
        }
    }
}
