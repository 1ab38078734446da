import NFCReader
import Testing

@testable import NFCReaderPCSC

@Suite("PC/SC reader state and feedback")
struct PCSCReaderStateTests {
    @Test("the event counter sits in the upper 16 bits and survives into the next wait without CHANGED")
    func eventCounter() {
        let state = PCSCReaderState(rawValue: 0x0003_0022)
        #expect(state.eventCount == 3)
        #expect(state.isCardPresent)
        #expect(state.asCurrentState == 0x0003_0020)
    }

    @Test("a mute card is not a card to read; an unknown reader is gone")
    func flags() {
        #expect(!PCSCReaderState(rawValue: 0x0220).isCardPresent)
        #expect(PCSCReaderState(rawValue: 0x0004).isReaderGone)
        #expect(PCSCReaderState(rawValue: 0x0010).summary == "no card")
    }

    @Test("LED and buzzer commands go to ACR122 readers only")
    func feedback() {
        #expect(PCSCReaderFeedback.command(for: .accepted, readerName: "Hukou Virtual PCD 00 00") == nil)
        let accepted = PCSCReaderFeedback.command(for: .accepted, readerName: "ACS ACR122U PICC Interface 00 00")
        #expect(accepted?.prefix(4) == [0xFF, 0x00, 0x40, 0x0E])
        let rejected = PCSCReaderFeedback.command(for: .rejected, readerName: "ACS ACR122U 00 00")
        #expect(rejected?.count == 9)
        #expect(rejected != accepted)
        // Three outcomes a citizen can tell apart: green and one beep, green blinking and two beeps, red and a long beep.
        let repeated = PCSCReaderFeedback.command(for: .duplicate, readerName: "ACS ACR122U 00 00")
        #expect(Set([accepted, repeated, rejected].compactMap { $0 }).count == 3)
        #expect(
            Set([ReaderFeedback.accepted, .duplicate, .rejected].map(\.description)) == [
                "accepted", "repeated", "refused",
            ]
        )
    }

    @Test("pcsc-lite codes keep their documented 32-bit values and classes")
    func errorClasses() {
        let removed = PCSCError(code: .removedCard, function: "SCardTransmit", message: "Card was removed.")
        #expect(removed.meansCardLost)
        #expect(!removed.meansServiceLost)
        #expect(PCSCError(code: .noService, function: "SCardEstablishContext", message: "").meansServiceLost)
        #expect(PCSCError.Code.timeout.description == "0x8010000A")
        #expect(removed.description.contains("SCardTransmit"))
    }
}
