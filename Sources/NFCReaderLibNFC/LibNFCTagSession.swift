public import NFCReader
public import NFCTag

/// A tag selected by a ``LibNFCReader``; its bodies run on the reader's thread.
public struct LibNFCTagSession: TagSession {
    private let id: UInt64
    private let queue: LibNFCJobQueue
    public let target: DetectedTarget

    init(id: UInt64, target: DetectedTarget, queue: LibNFCJobQueue) {
        self.id = id
        self.target = target
        self.queue = queue
    }

    public func perform<Result: Sendable>(
        _ body: @escaping @Sendable (any Transceiver) throws -> Result
    ) async throws -> Result {
        let id = self.id
        return try await withCheckedThrowingContinuation { continuation in
            let queued = queue.submit { engine in
                guard let engine else {
                    continuation.resume(throwing: TransceiveError(.cancelled, "the reader stopped"))
                    return
                }
                continuation.resume(with: Swift.Result { try engine.perform(session: id, body) })
            }
            if !queued {
                continuation.resume(throwing: TransceiveError(.cancelled, "the reader stopped"))
            }
        }
    }

    /// A PN53x reader driven by libnfc has no LED or buzzer libnfc can drive portably; nothing happens.
    public func signal(_ feedback: ReaderFeedback) async {}
}
