import GRDB
import Synchronization

/// Group commit for taps: concurrent ``CounterStore/submitTap(_:)`` calls share one write transaction
/// (one WAL fsync), and every caller hears back only after that commit. A batch runs without savepoints;
/// only if one of its taps fails is it rolled back and rerun with a savepoint per tap, so the failure
/// stays that tap's alone.
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
                switch try Self.runTogether(works, db) {
                case .success(let receipts):
                    return receipts.map { .success($0) }
                case .failure(let error) where works.count == 1:
                    // A lone tap: its failure rolled the transaction back; nothing to isolate.
                    return [.failure(error)]
                case .failure:
                    return try Self.runIsolated(works, db)
                }
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

    /// The common case: every tap of the batch in one transaction with no savepoints. If any tap throws,
    /// the whole transaction is rolled back (nothing of the batch is written) and the error returned.
    private static func runTogether(_ works: [Work], _ db: Database) throws -> Result<[TapReceipt], any Error> {
        var outcome: Result<[TapReceipt], any Error> = .success([])
        try db.inTransaction(.immediate) {
            var receipts: [TapReceipt] = []
            receipts.reserveCapacity(works.count)
            do {
                for work in works { receipts.append(try work(db)) }
                outcome = .success(receipts)
                return .commit
            } catch {
                outcome = .failure(error)
                return .rollback
            }
        }
        return outcome
    }

    /// After a failed ``runTogether(_:_:)``: the batch again, each tap in its own savepoint, so one bad
    /// tap fails alone and the others commit. The works only read the database and their own captured
    /// values, so running them a second time after the rollback gives the same outcome as a first run.
    private static func runIsolated(_ works: [Work], _ db: Database) throws -> [Result<TapReceipt, any Error>] {
        var results: [Result<TapReceipt, any Error>] = []
        results.reserveCapacity(works.count)
        try db.inTransaction(.immediate) {
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

    private static let lost = CounterStoreError(.corruptRow, "the batched write returned no result for this tap")
}
