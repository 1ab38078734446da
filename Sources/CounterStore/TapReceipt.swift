/// What ``CounterStore/submitTap(_:)`` returns once the tap is durably committed.
public struct TapReceipt: Sendable, Hashable {
    /// The transaction the tap created, or the earlier one it repeats.
    public var transaction: CounterTransaction
    /// `true` when the tap repeated an earlier one and nothing was created.
    public var isDuplicate: Bool

    /// Creates a receipt.
    public init(transaction: CounterTransaction, isDuplicate: Bool) {
        self.transaction = transaction
        self.isDuplicate = isDuplicate
    }
}
