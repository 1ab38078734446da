/// What became of one tap after the pipeline finished with it; reported only after the store committed.
public struct TapOutcome: Sendable, Hashable {
    /// The three answers a citizen can get.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A new transaction is stored.
        case accepted
        /// The intent was received before; the existing transaction is returned, nothing new is stored.
        case duplicate
        /// The intent was refused; nothing was stored.
        case rejected
    }

    /// The answer.
    public var kind: Kind
    /// The stored transaction (accepted or duplicate).
    public var transaction: TransactionSummary?
    /// Why the intent was refused (rejected).
    public var reasons: [RejectionReason]
    /// Whether the receipt the phone asked for was written (nil when none was asked for).
    public var receipt: ReceiptIssuer.Delivery? = nil

    /// A stored or recognised tap.
    public static func stored(_ transaction: TransactionSummary, duplicate: Bool) -> TapOutcome {
        TapOutcome(kind: duplicate ? .duplicate : .accepted, transaction: transaction, reasons: [])
    }

    /// A refused tap.
    public static func rejected(_ reasons: [RejectionReason]) -> TapOutcome {
        TapOutcome(kind: .rejected, transaction: nil, reasons: reasons)
    }
}
