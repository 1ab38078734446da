import GRDB
import Synchronization

/// Group commit for taps: concurrent ``CounterStore/submitTap(_:)`` calls share one write transaction
/// (one WAL fsync), each in its own savepoint, and every caller hears back only after that commit.
///
/// The first caller to arrive leads: it writes its own tap plus whatever queued meanwhile, then hands any
/// newer arrivals to a drainer task and returns. A lone tap therefore goes straight to the database with
/// no extra hop; a burst at many readers pays one fsync per batch instead of one per tap.
final class TapBatcher: Sendable {
    typealias Work = @Sendable (Database) throws -> TapReceipt

    private struct Waiter {
        let work: Work
        let continuation: CheckedContinuation<TapReceipt, any Error>
    }

    private struct State {
        var queue: [Waiter] = []
        var draining = false
    }

    private let state = Mutex(State())
    private let maxBatch = 64

    func submit(writer: any DatabaseWriter, _ work: @escaping Work) async throws -> TapReceipt {
        let leads = state.withLock { state in
            if state.draining { return false }
            state.draining = true
            return true
        }
        if leads {
            let mine = await run([work], plus: takeBatch(limit: maxBatch - 1), writer: writer)
            // Acknowledge this tap now; taps that queued meanwhile are written by a fresh drainer, so a
            // steady stream of taps never holds this one's answer back.
            let more = state.withLock { state in
                if state.queue.isEmpty {
                    state.draining = false
                    return false
                }
                return true
            }
            if more {
                Task { await self.drain(writer: writer) }
            }
            return try mine.get()
        }
        return try await withCheckedThrowingContinuation { continuation in
            let mustLead = state.withLock { state in
                state.queue.append(Waiter(work: work, continuation: continuation))
                if state.draining { return false }
                // The leader finished between our two looks: someone must drain.
                state.draining = true
                return true
            }
            if mustLead {
                Task { await self.drain(writer: writer) }
            }
        }
    }

    private func takeBatch(limit: Int) -> [Waiter] {
        state.withLock { state in
            let batch = Array(state.queue.prefix(limit))
            state.queue.removeFirst(batch.count)
            return batch
        }
    }

    /// Writes queued batches until the queue is empty, then gives up the lead.
    private func drain(writer: any DatabaseWriter) async {
        while true {
            let batch = state.withLock { state -> [Waiter] in
                if state.queue.isEmpty {
                    state.draining = false
                    return []
                }
                let batch = Array(state.queue.prefix(maxBatch))
                state.queue.removeFirst(batch.count)
                return batch
            }
            if batch.isEmpty { return }
            _ = await run([], plus: batch, writer: writer)
        }
    }

    /// Runs `own` and `waiters` in one immediate transaction; resumes the waiters after the commit and
    /// returns the result of the single `own` work (or a placeholder failure when there is none).
    private func run(_ own: [Work], plus waiters: [Waiter], writer: any DatabaseWriter) async
        -> Result<TapReceipt, any Error>
    {
        let works = own + waiters.map(\.work)
        let results: [Result<TapReceipt, any Error>]
        do {
            results = try await writer.writeWithoutTransaction { db in
                var results: [Result<TapReceipt, any Error>] = []
                results.reserveCapacity(works.count)
                try db.inTransaction(.immediate) {
                    if works.count == 1, let work = works.first {
                        // A lone tap: its failure rolls the whole transaction back, no savepoint needed.
                        do {
                            results.append(.success(try work(db)))
                            return .commit
                        } catch {
                            results.append(.failure(error))
                            return .rollback
                        }
                    }
                    for work in works {
                        var receipt: TapReceipt?
                        do {
                            try db.inSavepoint {
                                receipt = try work(db)
                                return .commit
                            }
                            results.append(receipt.map { .success($0) } ?? .failure(Self.lost))
                        } catch {
                            results.append(.failure(error))
                        }
                    }
                    return .commit
                }
                return results
            }
        } catch {
            results = works.map { _ in .failure(error) }
        }
        let offset = own.count
        for (index, waiter) in waiters.enumerated() {
            let result = offset + index < results.count ? results[offset + index] : .failure(Self.lost)
            waiter.continuation.resume(with: result)
        }
        return own.isEmpty ? .failure(Self.lost) : (results.first ?? .failure(Self.lost))
    }

    private static let lost = CounterStoreError(.corruptRow, "the batched write returned no result for this tap")
}
