import Foundation
import GRDB

/// Transfers: a ticket moves to another window's queue and keeps its number.
extension CounterStore {
    // MARK: - Database Access: Writes

    /// Moves a queued, called or served transaction to another window, where it joins the back of the
    /// queue (in its priority lane) with the same ticket, in state ``TransactionState/transferred``.
    ///
    /// - Throws: ``CounterStoreError`` `.invalidInput` if `toWindow` is out of range or the current window.
    public func transfer(_ id: TransactionID, toWindow: Int, operator: String) async throws -> CounterTransaction {
        try Validation.window(toWindow)
        return try await change(id, .transfer, operator: `operator`) { record, db, now in
            guard record.window != toWindow else {
                throw CounterStoreError(
                    .invalidInput,
                    "transaction \(id) is already at window \(toWindow)",
                    transactionID: id
                )
            }
            try ensureWindow(db, toWindow, at: now)
            let from = record.window
            record.transferredFromWindow = from
            record.window = toWindow
            record.transferredAt = now
            record.queuedAt = now
            return "ticket=\(record.ticket ?? "") from=\(from) to=\(toWindow)"
        }
    }
}
