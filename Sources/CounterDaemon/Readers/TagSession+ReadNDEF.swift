public import NDEF
public import NFCReader
import NFCTag

extension TagSession {
    /// Reads the tag's NDEF message with the same protocol code for every reader (``TagActivator``), on the
    /// reader's own thread.
    ///
    /// - Throws: ``TagContentError`` when the tag answered but holds no valid NDEF message (the tap is then
    ///   refused); a `TagError` or `TransceiveError` when the exchange failed (nothing acknowledged).
    public func readNDEFMessage() async throws -> NDEFMessage {
        let target = self.target
        let result = try await perform { transceiver -> Result<NDEFMessage, TagError> in
            do throws(TagError) {
                return .success(try TagActivator.readNDEF(from: target, over: transceiver).message)
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let message):
            return message
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
