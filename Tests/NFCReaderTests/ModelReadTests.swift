import HukouTesting
import NDEF
import NFCReader
import NFCTag
import Testing

@Suite("Protocols read every model")
struct ModelReadTests {
    static let limits = TransceiverLimits(maximumCommandLength: 252, maximumResponseLength: 252)

    @Test(
        "Round trip through the models",
        arguments: [
            (TagModelKind.ntag213, 100), (.ntag215, 480), (.ntag216, 850), (.ultralight, 40), (.ultralightEV1, 40),
            (.type4, 2000), (.type4, 0),
        ]
    )
    func roundTrip(kind: TagModelKind, size: Int) throws {
        let message: NDEFMessage? =
            size == 0
            ? nil
            : NDEFMessage(records: [
                NDEFRecord(typeNameFormat: .media, type: "a/b", payload: Array(repeating: 0x5A, count: size))
            ])
        let model = try TagModelFactory.make(kind: kind, ndef: message)
        let transceiver = EmulatorTransceiver(TagEmulator(model), limits: Self.limits)
        let result = try TagActivator.readNDEF(from: transceiver.emulator.target, over: transceiver)
        #expect(result.message == (message ?? NDEFMessage(records: [])))
        #expect(result.counters.commands == transceiver.emulator.counters.commands)
        #expect(result.counters.bytesReceived == transceiver.emulator.counters.bytesReceived)
    }

    @Test("A 2 KB Type 4 NDEF in five APDUs when MLe and the reader's frames allow an extended Le")
    func type4ExtendedLength() throws {
        let message = NDEFMessage(records: [
            NDEFRecord(typeNameFormat: .media, type: "a/b", payload: Array(repeating: 0x42, count: 2048))
        ])
        let model = try Type4TagModel(
            ndefBytes: try message.encoded(),
            configuration: .init(maximumResponseLength: 0x1000)
        )
        let limits = TransceiverLimits(maximumCommandLength: 261, maximumResponseLength: 65538)
        let transceiver = EmulatorTransceiver(TagEmulator(model), limits: limits)
        let result = try TagActivator.readNDEF(from: transceiver.emulator.target, over: transceiver)
        #expect(result.message == message)
        #expect(result.counters.commands == 5)
    }

    @Test(
        "Every fault at every command index ends in a TagError, never a wrong message",
        arguments: TagModelKind.allCases.filter { $0 != .mifareClassic1K }
    )
    func faultsAtEveryIndex(kind: TagModelKind) throws {
        let message = NDEFMessage(records: [
            NDEFRecord(typeNameFormat: .media, type: "a/b", payload: Array(repeating: 0x33, count: 40))
        ])
        let model = try TagModelFactory.make(kind: kind, ndef: message)
        let clean = EmulatorTransceiver(TagEmulator(model), limits: Self.limits)
        _ = try TagActivator.readNDEF(from: clean.emulator.target, over: clean)
        let commands = clean.emulator.counters.commands
        for index in 0..<commands {
            for plan in [
                FaultPlan(removeAfter: index), FaultPlan(corruptResponse: index), FaultPlan(unplugAfter: index),
                FaultPlan(timeoutAt: index),
            ] {
                let transceiver = EmulatorTransceiver(TagEmulator(model, faults: plan), limits: Self.limits)
                do {
                    let result = try TagActivator.readNDEF(from: transceiver.emulator.target, over: transceiver)
                    // Only a timeout on GET_VERSION may be survived (the tag is re-selected and read with READ).
                    #expect(plan.timeoutAt == 0 && kind.isType2, "\(kind) \(plan) read despite the fault")
                    #expect(result.message == message)
                } catch {
                    #expect(error.tagType == (kind == .type4 ? .type4 : .type2))
                }
            }
        }
    }
}
