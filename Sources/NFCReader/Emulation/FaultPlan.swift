/// Faults to inject into one tap, each keyed by the 0-based index of a command within the tap.
///
/// Every front end (simulated reader, virtual PN532, virtual PC/SC card) applies a plan through
/// ``TagEmulator`` so the same plan means the same thing everywhere.
public struct FaultPlan: Hashable, Sendable {
    /// The tag leaves the field after this many commands: command number `removeAfter` and later find no tag.
    public var removeAfter: Int?
    /// The response to this command comes back corrupted: one byte short (a reader sees a bad frame).
    public var corruptResponse: Int?
    /// This command gets no answer (the reader times out); the tag stays in the field.
    public var timeoutAt: Int?
    /// The reader is unplugged after this many commands: command number `unplugAfter` fails with the reader gone.
    public var unplugAfter: Int?

    /// Creates a plan; `nil` everywhere is no fault.
    public init(removeAfter: Int? = nil, corruptResponse: Int? = nil, timeoutAt: Int? = nil, unplugAfter: Int? = nil) {
        self.removeAfter = removeAfter
        self.corruptResponse = corruptResponse
        self.timeoutAt = timeoutAt
        self.unplugAfter = unplugAfter
    }

    /// No faults.
    public static let none = FaultPlan()
}
