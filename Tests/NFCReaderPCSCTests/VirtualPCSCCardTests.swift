import NFCReader
import NFCTag
import Testing

@testable import NFCReaderPCSC

@Suite("virtual PC/SC card and the storage-card translation")
struct VirtualPCSCCardTests {
    static let text: [UInt8] = [0xD1, 0x01, 0x0F, 0x54, 0x02] + Array("enHello world!".utf8)

    @Test("control bytes: GET ATR answers the Part 3 ATR, power and reset take no answer")
    func controlBytes() throws {
        var card = VirtualPCSCCard(model: try TagModelFactory.make(kind: .ntag215, ndefBytes: Self.text))
        #expect(card.handle([0x04]) == .send(PCSCAnswerToReset.storageCard(cardName: 0x0003).bytes))
        #expect(card.handle([0x01]) == .none)
        #expect(card.handle([0x02]) == .none)
        #expect(card.handle([0x00]) == .none)
    }

    @Test("READ through FF B0 returns the tag's own memory, page by page, with roll-over at the end")
    func storageRead() throws {
        let model = try #require(try TagModelFactory.make(kind: .ntag213, ndefBytes: Self.text) as? Type2TagModel)
        let link = VirtualCardLink(VirtualPCSCCard(model: model))
        let transceiver = PCSCStorageCardTransceiver(card: link)
        for page in stride(from: 0, to: model.pageCount, by: 4) {
            let data = try transceiver.transceive([0x30, UInt8(page)], timeout: .seconds(1))
            let expected = (0..<16).map { model.memory[(page * 4 + $0) % model.memory.count] }
            #expect(data == expected, "page \(page)")
        }
        #expect(link.apdus.first == [0xFF, 0xB0, 0x00, 0x00, 0x10])
    }

    @Test("GET DATA gives the UID and is not a tag command, so a fault plan does not count it")
    func uidIsReaderCommand() throws {
        let model = try TagModelFactory.make(kind: .ntag215, ndefBytes: Self.text)
        var card = VirtualPCSCCard(model: model, faults: FaultPlan(removeAfter: 1))
        for _ in 0..<3 {
            #expect(card.handle([0xFF, 0xCA, 0x00, 0x00, 0x00]) == .send(model.target.uid + [0x90, 0x00]))
        }
        guard case .send(let first) = card.handle([0xFF, 0xB0, 0x00, 0x00, 0x10]) else {
            Issue.record("the first READ must be answered")
            return
        }
        #expect(first.suffix(2) == [0x90, 0x00])
        #expect(card.handle([0xFF, 0xB0, 0x00, 0x04, 0x10]) == .remove)
    }

    @Test("a removed tag mid-read is a lost tag, never data")
    func removalMidRead() throws {
        let link = VirtualCardLink(
            VirtualPCSCCard(
                model: try TagModelFactory.make(kind: .ntag215, ndefBytes: Self.text),
                faults: FaultPlan(removeAfter: 2)
            )
        )
        let transceiver = PCSCStorageCardTransceiver(card: link)
        _ = try transceiver.transceive([0x30, 0x00], timeout: .seconds(1))
        _ = try transceiver.transceive([0x30, 0x04], timeout: .seconds(1))
        let error = #expect(throws: TransceiveError.self) {
            try transceiver.transceive([0x30, 0x08], timeout: .seconds(1))
        }
        #expect(error?.code == .tagRemoved)
    }

    @Test("a page outside the memory is a NAK, and the reader re-selects so the next READ works")
    func nakThenRead() throws {
        let link = VirtualCardLink(
            VirtualPCSCCard(model: try TagModelFactory.make(kind: .ntag213, ndefBytes: Self.text))
        )
        let transceiver = PCSCStorageCardTransceiver(card: link)
        #expect(try transceiver.transceive([0x30, 0xF0], timeout: .seconds(1)) == [0x00])
        #expect(try transceiver.transceive([0x30, 0x04], timeout: .seconds(1)).count == 16)
    }

    @Test(
        "commands without a Part 3 form are refused before reaching the reader",
        arguments: [[0x3A, 0x00, 0x10], [0x60], [0x3C, 0x00], [0xA2, 0x04, 0, 0, 0, 0], [0x30], []] as [[UInt8]]
    )
    func unsupported(command: [UInt8]) throws {
        let link = VirtualCardLink(
            VirtualPCSCCard(model: try TagModelFactory.make(kind: .ntag215, ndefBytes: Self.text))
        )
        let error = #expect(throws: TransceiveError.self) {
            try PCSCStorageCardTransceiver(card: link).transceive(command, timeout: .seconds(1))
        }
        #expect(error?.code == .commandNotSupported)
        #expect(link.apdus.isEmpty)
    }

    @Test("READ BINARY answers of the wrong length or with a failure status are typed errors")
    func badReadResults() throws {
        #expect(throws: TransceiveError.self) {
            try PCSCStorageCardTransceiver.readResult([1, 2, 0x90, 0x00], page: 4)
        }
        #expect(throws: TransceiveError.self) { try PCSCStorageCardTransceiver.readResult([0x64, 0x00], page: 4) }
        #expect(throws: TransceiveError.self) { try PCSCStorageCardTransceiver.readResult([0x90], page: 4) }
        #expect(try PCSCStorageCardTransceiver.readResult([0x6A, 0x82], page: 4) == [0x00])
    }

    @Test("a Type 4 card takes APDUs straight to the model and announces the ISO-DEP ATR")
    func type4() throws {
        var card = VirtualPCSCCard(model: try TagModelFactory.make(kind: .type4, ndefBytes: Self.text))
        #expect(card.handle([0x04]) == .send([0x3B, 0x80, 0x80, 0x01, 0x01]))
        let select: [UInt8] = [0x00, 0xA4, 0x04, 0x00, 0x07, 0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01, 0x00]
        #expect(card.handle(select) == .send([0x90, 0x00]))
        #expect(card.handle([0x00, 0xA4, 0x00, 0x0C, 0x02, 0xE1, 0x04]) == .send([0x90, 0x00]))
        guard case .send(let nlen) = card.handle([0x00, 0xB0, 0x00, 0x00, 0x02]) else {
            Issue.record("READ BINARY must be answered")
            return
        }
        #expect(nlen == [0x00, UInt8(Self.text.count), 0x90, 0x00])
        #expect(card.handle([0xFF, 0xB0, 0x00, 0x00, 0x10]) == .send([0x6A, 0x81]))
    }

    @Test("a storage card refuses ISO 7816 APDUs and short frames get 6700")
    func storageRefusesAPDUs() throws {
        var card = VirtualPCSCCard(model: try TagModelFactory.make(kind: .ntag215, ndefBytes: Self.text))
        #expect(
            card.handle([0x00, 0xA4, 0x04, 0x00, 0x07, 0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01])
                == .send([0x6E, 0x00])
        )
        #expect(card.handle([0x00, 0xA4]) == .send([0x67, 0x00]))
    }
}
