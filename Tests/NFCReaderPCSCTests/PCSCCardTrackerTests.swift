import Testing

@testable import NFCReaderPCSC

@Suite("when a PC/SC tap begins and ends")
struct PCSCCardTrackerTests {
    /// A state word: flags in the low half, pcsc-lite's event counter in the high half.
    static func state(_ flags: UInt32, count: UInt16) -> PCSCReaderState {
        PCSCReaderState(rawValue: UInt32(count) << 16 | flags)
    }

    static let present = PCSCReaderState.present
    static let empty = PCSCReaderState.empty

    @Test("a card already present at start is a tap; the same insertion reported again is not")
    func presentAtStart() {
        var tracker = PCSCCardTracker()
        #expect(tracker.stateChanged(Self.state(Self.present, count: 1)) == [.beginSession(eventCount: 1)])
        tracker.sessionBegan(eventCount: 1)
        #expect(tracker.stateChanged(Self.state(Self.present | PCSCReaderState.inUse, count: 1)).isEmpty)
    }

    @Test("removal ends the tap; the empty reader starts nothing; the next insertion is a new tap")
    func removalAndNextTap() {
        var tracker = PCSCCardTracker()
        _ = tracker.stateChanged(Self.state(Self.present, count: 1))
        tracker.sessionBegan(eventCount: 1)
        #expect(tracker.stateChanged(Self.state(Self.empty, count: 2)) == [.endSession])
        tracker.sessionEnded()
        #expect(tracker.stateChanged(Self.state(Self.empty, count: 2)).isEmpty)
        #expect(tracker.stateChanged(Self.state(Self.present, count: 3)) == [.beginSession(eventCount: 3)])
    }

    @Test("taken away and tapped again between two waits: still present, but the counter moved by two")
    func retapBetweenWaits() {
        var tracker = PCSCCardTracker()
        _ = tracker.stateChanged(Self.state(Self.present, count: 5))
        tracker.sessionBegan(eventCount: 5)
        #expect(
            tracker.stateChanged(Self.state(Self.present, count: 7)) == [.endSession, .beginSession(eventCount: 7)]
        )
    }

    @Test("a mute card is no tap; an unplugged reader ends the tap and is forgotten")
    func muteAndUnplugged() {
        var tracker = PCSCCardTracker()
        #expect(tracker.stateChanged(Self.state(Self.present | PCSCReaderState.mute, count: 1)).isEmpty)
        _ = tracker.stateChanged(Self.state(Self.present, count: 1))
        tracker.sessionBegan(eventCount: 1)
        #expect(tracker.stateChanged(Self.state(PCSCReaderState.unknown, count: 1)) == [.endSession, .forgetReader])
    }

    @Test("a card that refuses the connection is retried, then given up until the next tap")
    func connectRetries() {
        var tracker = PCSCCardTracker(maximumConnectAttempts: 3)
        let state = Self.state(Self.present, count: 4)
        #expect(tracker.stateChanged(state) == [.beginSession(eventCount: 4)])
        let first = tracker.connectFailed(eventCount: 4)
        #expect(first)
        #expect(tracker.stateChanged(state) == [.beginSession(eventCount: 4)])
        let second = tracker.connectFailed(eventCount: 4)
        let third = tracker.connectFailed(eventCount: 4)
        #expect(second)
        #expect(!third)
        #expect(tracker.stateChanged(state).isEmpty)
        #expect(tracker.stateChanged(Self.state(Self.present, count: 6)) == [.beginSession(eventCount: 6)])
    }

    @Test("after a new context (pcscd restarted) the old counts mean nothing")
    func resetAfterRestart() {
        var tracker = PCSCCardTracker()
        _ = tracker.stateChanged(Self.state(Self.present, count: 1))
        tracker.sessionBegan(eventCount: 1)
        tracker.sessionEnded()
        tracker.reset()
        #expect(tracker.stateChanged(Self.state(Self.present, count: 1)) == [.beginSession(eventCount: 1)])
    }
}
