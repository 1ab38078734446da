public import Foundation

/// A tapped request at the counter as the clerk and the tools see it: state, ticket, times, and
/// the applicant only in masked form.
public struct CounterTransaction: Sendable, Hashable, Codable, Identifiable {
    /// The short number the clerk types.
    public var id: TransactionID
    /// Where it stands.
    public var state: TransactionState
    /// The ticket (`A001`), issued on confirmation; `nil` while pending or if rejected first.
    public var ticket: String?
    /// The station-local day (`yyyy-MM-dd`) the ticket was issued for.
    public var ticketDay: String?
    /// The window it belongs to now (after a transfer, the new one).
    public var window: Int
    /// The window it was last transferred from.
    public var transferredFromWindow: Int?
    /// The business code.
    public var businessCode: String
    /// The business name in Chinese.
    public var businessNameZH: String
    /// The business name in English.
    public var businessNameEN: String
    /// The ticket prefix of the business's category.
    public var ticketCategory: String
    /// The queue lane.
    public var priority: Priority
    /// `card` or `phone`.
    public var profile: String
    /// The signature verification outcome.
    public var signatureStatus: String
    /// The applicant's name, masked (`张*明`).
    public var maskedName: String?
    /// The applicant's ID number, masked (`110***********0011`).
    public var maskedIDNumber: String?
    /// Materials the clerk must check.
    public var materials: [String]
    /// The reader that received the tap.
    public var reader: String
    /// Why the clerk rejected it.
    public var rejectReason: String?
    /// Why it was suspended (last suspension).
    public var suspendReason: String?
    /// How many times it was re-announced.
    public var recallCount: Int
    /// When the tap was received.
    public var createdAt: Date
    /// When the clerk confirmed it (ticket issued).
    public var confirmedAt: Date?
    /// When it joined its current window's queue (confirmation, transfer or resume).
    public var queuedAt: Date?
    /// When it was last called (or recalled).
    public var calledAt: Date?
    /// When service started.
    public var serviceStartedAt: Date?
    /// When it was last suspended.
    public var suspendedAt: Date?
    /// When it was last transferred.
    public var transferredAt: Date?
    /// When it reached a final state (completed, rejected, cancelled, no-show).
    public var finishedAt: Date?
    /// When anything about it last changed.
    public var updatedAt: Date
}

extension CounterTransaction {
    /// A transaction as a copy outside the station holds it (the district's central store): its facts only; the
    /// masked applicant, materials, reasons, signature outcome and reader are left empty.
    public init(
        copyOf id: TransactionID,
        state: TransactionState,
        ticket: String?,
        ticketDay: String?,
        window: Int,
        transferredFromWindow: Int?,
        businessCode: String,
        businessNameZH: String,
        businessNameEN: String,
        ticketCategory: String,
        priority: Priority,
        profile: String,
        recallCount: Int,
        createdAt: Date,
        confirmedAt: Date?,
        queuedAt: Date?,
        calledAt: Date?,
        serviceStartedAt: Date?,
        suspendedAt: Date?,
        transferredAt: Date?,
        finishedAt: Date?,
        updatedAt: Date
    ) {
        self.init(
            id: id,
            state: state,
            ticket: ticket,
            ticketDay: ticketDay,
            window: window,
            transferredFromWindow: transferredFromWindow,
            businessCode: businessCode,
            businessNameZH: businessNameZH,
            businessNameEN: businessNameEN,
            ticketCategory: ticketCategory,
            priority: priority,
            profile: profile,
            signatureStatus: "",
            maskedName: nil,
            maskedIDNumber: nil,
            materials: [],
            reader: "",
            rejectReason: nil,
            suspendReason: nil,
            recallCount: recallCount,
            createdAt: createdAt,
            confirmedAt: confirmedAt,
            queuedAt: queuedAt,
            calledAt: calledAt,
            serviceStartedAt: serviceStartedAt,
            suspendedAt: suspendedAt,
            transferredAt: transferredAt,
            finishedAt: finishedAt,
            updatedAt: updatedAt
        )
    }
}
