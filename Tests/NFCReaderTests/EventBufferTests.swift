import NDEF
import NFCReader
import NFCTag
import Testing

@Suite("Reader event buffers are bounded")
struct EventBufferTests {
    @Test("a flood of arrivals nobody reads leaves at most bufferLimit events, the newest")
    func floodIsBounded() async throws {
        let reader = SimulatedReader(name: "sim:flood")
        let run = Task { try await reader.run() }
        let model = try TagModelFactory.make(kind: .ntag213, ndef: nil)
        for _ in 0..<5_000 { await reader.present(model) }
        run.cancel()
        _ = try? await run.value
        var kept: [ReaderEvent] = []
        for await event in reader.events { kept.append(event) }
        #expect(kept.count <= ReaderEvent.bufferLimit)
        #expect(kept.count >= ReaderEvent.bufferLimit / 2)
        // The newest are kept: the last tag's arrival is among them, the reader's first ready status is not.
        #expect(!kept.contains { if case .readerStatus = $0 { true } else { false } })
        #expect(kept.contains { if case .tagArrived = $0 { true } else { false } })
    }
}
