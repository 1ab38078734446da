public import Foundation

/// One call or recall of a ticket, as the waiting hall announces it: ticket, window and business only.
public struct CallEvent: Sendable, Hashable, Codable {
    /// The audit sequence number of the call: increasing, so a display announces each one once, in order.
    public var seq: Int64
    /// When it was called.
    public var at: Date
    /// `true` for a recall (重呼) of a ticket already called.
    public var isRecall: Bool
    /// The transaction called.
    public var transactionID: TransactionID
    /// The ticket called (`A001`).
    public var ticket: String
    /// The window the ticket is called to.
    public var window: Int
    /// The business name in Chinese.
    public var businessNameZH: String
    /// The business name in English.
    public var businessNameEN: String
    /// The queue lane of the ticket.
    public var priority: Priority
}
