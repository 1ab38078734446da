import NFCReader
public import NFCTag

/// The tag in a PC/SC reader's field: its ``NFCTag/DetectedTarget`` (UID from `FF CA`, the ATR, and the SAK the
/// ATR implies) and access to it on the reader's thread.
struct PCSCTagSession: TagSession {
    let engine: PCSCReaderEngine
    let id: Int
    let target: DetectedTarget

    func perform<Result: Sendable>(
        _ body: @escaping @Sendable (any Transceiver) throws -> Result
    ) async throws -> Result {
        try await engine.perform(session: id, body)
    }

    func signal(_ feedback: ReaderFeedback) async {
        await engine.signal(session: id, feedback)
    }
}
