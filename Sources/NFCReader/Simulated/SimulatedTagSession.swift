import NFCTag

/// A tag presented to a ``SimulatedReader``.
struct SimulatedTagSession: TagSession {
    let reader: SimulatedReader
    let tap: Int
    let target: DetectedTarget

    func perform<Result: Sendable>(
        _ body: @escaping @Sendable (any Transceiver) throws -> Result
    ) async throws -> Result {
        try await reader.perform(tap: tap, body)
    }

    func signal(_ feedback: ReaderFeedback) async {
        await reader.record(feedback)
    }
}
