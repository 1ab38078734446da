/// Decides, from the states pcscd reports for one reader, when a tap begins and ends. Pure: the reader's poll loop
/// feeds it states and outcomes and carries out the actions it returns.
///
/// pcsc-lite counts card insertions and removals per reader in the upper 16 bits of the state. A tag taken away
/// and tapped again while the loop was busy (reading, say) shows as "present" both times, with a count two higher:
/// the tracker ends the old tap and begins a new one, so no tap is missed or merged with the previous one.
struct PCSCCardTracker: Hashable, Sendable {
    /// What the loop must do.
    enum Action: Hashable, Sendable {
        /// Disconnect from the tag of the current tap and announce its departure.
        case endSession
        /// Connect to the card of insertion `eventCount` and announce it.
        case beginSession(eventCount: UInt16)
        /// The reader is gone: choose a reader again.
        case forgetReader
    }

    /// How often a present card that refuses the connection is tried before its insertion is given up.
    let maximumConnectAttempts: Int
    /// The insertion last handled (read, or given up), so it is not handled twice.
    private(set) var handledEventCount: UInt16?
    /// The insertion of the open session, if there is one.
    private(set) var sessionEventCount: UInt16?
    /// Failed connection attempts for the current insertion.
    private(set) var connectFailures = 0

    init(maximumConnectAttempts: Int = 5) {
        self.maximumConnectAttempts = maximumConnectAttempts
    }

    /// pcscd reported `state` for the reader.
    mutating func stateChanged(_ state: PCSCReaderState) -> [Action] {
        var actions: [Action] = []
        if state.isReaderGone {
            if sessionEventCount != nil { actions.append(.endSession) }
            actions.append(.forgetReader)
            return actions
        }
        if let open = sessionEventCount, !state.isCardPresent || state.eventCount != open {
            actions.append(.endSession)
        }
        let sessionStays = sessionEventCount != nil && actions.isEmpty
        if state.isCardPresent, !sessionStays, state.eventCount != handledEventCount {
            actions.append(.beginSession(eventCount: state.eventCount))
        }
        return actions
    }

    /// The session of insertion `eventCount` is open.
    mutating func sessionBegan(eventCount: UInt16) {
        sessionEventCount = eventCount
        handledEventCount = eventCount
        connectFailures = 0
    }

    /// The session ended (departure, lost reader, lost pcscd).
    mutating func sessionEnded() {
        sessionEventCount = nil
    }

    /// Connecting to the card of insertion `eventCount` failed; true when it is worth asking again after a pause,
    /// false when the insertion is given up until the next tap.
    mutating func connectFailed(eventCount: UInt16) -> Bool {
        connectFailures += 1
        guard connectFailures >= maximumConnectAttempts else { return true }
        handledEventCount = eventCount
        connectFailures = 0
        return false
    }

    /// A new context or another reader: counts of the old one mean nothing any more.
    mutating func reset() {
        self = PCSCCardTracker(maximumConnectAttempts: maximumConnectAttempts)
    }
}
