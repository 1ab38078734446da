import HukouTesting
import NDEF
import NFCReader
import NFCTag
import Testing

@testable import NFCReaderPCSC

@Suite("Virtual PC/SC card: NDEF writes with faults at every write command")
struct VirtualPCSCCardWriteTests {
    static let original = try! NDEFMessage(records: [.uri("https://gaj.example.cn/hukou/qianru")]).encoded()
    static let receipt = try! NDEFMessage(records: [.text(String(repeating: "回执", count: 30), language: "zh")])
        .encoded()

    @Test("A phone on the virtual reader takes the write; a fault at any command leaves no half message")
    func faultsAtEveryCommand() throws {
        for faults in [FaultPlan.none] + Type4WriteScenario.faultPlans(commands: 8) {
            let model = try Type4TagModel(ndefBytes: Self.original, configuration: .receiptPhone)
            let link = VirtualCardLink(VirtualPCSCCard(model: model, faults: faults))
            let result = Type4WriteScenario.readThenWrite(Self.receipt, target: model.target, over: link)
            let wrote = (try? result.get()) != nil
            #expect(
                Type4WriteScenario.leftCleanly(
                    link.card.emulator.model.ndefMessage,
                    original: Self.original,
                    written: Self.receipt,
                    reportedSuccess: wrote
                ),
                "\(faults)"
            )
            #expect(wrote == (faults == .none), "\(faults)")
            if faults == .none {
                #expect(link.apdus.count == 8)
                #expect(link.card.emulator.writtenMessages == [Self.receipt])
            }
        }
    }
}
