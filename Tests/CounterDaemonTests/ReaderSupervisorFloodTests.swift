import Logging
import NFCReader
import NFCTag
import ServiceLifecycle
import Synchronization
import Testing

@testable import CounterDaemon

@Suite("Reader supervisor under a flood")
struct ReaderSupervisorFloodTests {
    /// A tap handler that holds the first tap until released and counts every tap it sees.
    final class Gate: Sendable {
        let handled = Mutex(0)
        let released = Mutex(false)

        func handle() async -> Result<TapOutcome, ControlProtocolError> {
            handled.withLock { $0 += 1 }
            while !released.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(5)) }
            return .failure(ControlProtocolError(.storeFailed, "test handler"))
        }
    }

    @Test("taps arriving while one is handled are bounded, and shutdown is not lost behind them")
    func floodWhileBusy() async throws {
        let binding = try ReaderBinding(spec: "sim:flood", window: 1)
        let reader = SimulatedReader(name: "sim:flood")
        let gate = Gate()
        let supervisor = ReaderSupervisor(
            binding: binding,
            makeReader: { _ in reader },
            handleTap: { _, _ in await gate.handle() },
            router: SimulatedTapRouter(bindings: [binding], timeout: .seconds(5)),
            board: ReaderStatusBoard(bindings: [binding]),
            initialDelay: .milliseconds(10),
            maximumDelay: .milliseconds(10),
            logger: Logger(label: "test")
        )
        let group = ServiceGroup(services: [supervisor], logger: Logger(label: "test"))
        let running = Task { try await group.run() }

        let model = try TagModelFactory.make(kind: .ntag213, ndef: nil)
        await reader.present(model)
        for _ in 0..<200 where gate.handled.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(gate.handled.withLock { $0 } == 1)
        for _ in 0..<5_000 { await reader.present(model) }
        await group.triggerGracefulShutdown()
        gate.released.withLock { $0 = true }
        try await running.value
        // The tap in flight finished; the flood behind it was bounded by the two buffers (reader and relay), and
        // the shutdown came before any of it was handled.
        let handled = gate.handled.withLock { $0 }
        #expect(handled >= 1)
        #expect(handled <= 1 + 2 * ReaderEvent.bufferLimit)
    }
}
