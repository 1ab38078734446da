/// Counts of the traffic between a reader and a tag during a tap (or during one NDEF read).
public struct ExchangeCounters: Hashable, Sendable {
    /// Command frames sent to the tag.
    public var commands: Int
    /// Bytes sent to the tag (command frames, without CRC or reader framing).
    public var bytesSent: Int
    /// Bytes received from the tag (responses, without CRC or reader framing).
    public var bytesReceived: Int

    /// Creates counters.
    public init(commands: Int = 0, bytesSent: Int = 0, bytesReceived: Int = 0) {
        self.commands = commands
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
    }

    /// Adds the counts of two series of exchanges.
    public static func + (lhs: ExchangeCounters, rhs: ExchangeCounters) -> ExchangeCounters {
        ExchangeCounters(
            commands: lhs.commands + rhs.commands,
            bytesSent: lhs.bytesSent + rhs.bytesSent,
            bytesReceived: lhs.bytesReceived + rhs.bytesReceived
        )
    }
}
