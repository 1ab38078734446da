import NDEF
import NFCReader
import NFCTag
import Testing

@Suite("Tag models answer like the chips")
struct TagModelTests {
    static func uriMessage(_ length: Int) -> NDEFMessage {
        NDEFMessage(records: [.uri("https://" + String(repeating: "x", count: length) + ".cn")])
    }

    func ntag(_ kind: TagModelKind, _ message: NDEFMessage? = uriMessage(10)) throws -> Type2TagModel {
        try #require(try TagModelFactory.make(kind: kind, ndef: message) as? Type2TagModel)
    }

    @Test("NTAG213 is formatted as NXP ships it: UID with check bytes, CC, Lock Control TLV, NDEF TLV")
    func ntag213Layout() throws {
        let model = try ntag(.ntag213)
        let memory = model.memory
        #expect(memory.count == 45 * 4)
        #expect(memory[0] == 0x04)
        #expect(memory[3] == 0x88 ^ memory[0] ^ memory[1] ^ memory[2])
        #expect(memory[8] == memory[4] ^ memory[5] ^ memory[6] ^ memory[7])
        #expect(Array(memory[12..<16]) == [0xE1, 0x10, 0x12, 0x00])
        #expect(Array(memory[16..<22]) == [0x01, 0x03, 0xA0, 0x0C, 0x34, 0x03])
        #expect(model.target.sensRes == [0x00, 0x44])
        #expect(model.target.selRes == 0x00)
        #expect(model.target.uid == Array(memory[0..<3]) + Array(memory[4..<8]))
        #expect(try Type2Memory.ndefMessage(image: memory) == Self.uriMessage(10))
    }

    @Test(
        "CC sizes and GET_VERSION per chip",
        arguments: [
            (TagModelKind.ntag213, UInt8(0x12), [UInt8]([0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x0F, 0x03]), 45),
            (.ntag215, 0x3E, [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x11, 0x03], 135),
            (.ntag216, 0x6D, [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x13, 0x03], 231),
            (.ultralightEV1, 0x06, [0x00, 0x04, 0x03, 0x01, 0x01, 0x00, 0x0B, 0x03], 20),
        ]
    )
    func versions(kind: TagModelKind, ccSize: UInt8, version: [UInt8], pages: Int) throws {
        var model = try ntag(kind)
        #expect(model.pageCount == pages)
        #expect(model.memory[14] == ccSize)
        #expect(model.respond(to: [0x60]) == .data(version))
        guard case .data(let signature) = model.respond(to: [0x3C, 0x00]) else {
            Issue.record("READ_SIG not answered")
            return
        }
        #expect(signature.count == 32)
    }

    @Test("READ returns 16 bytes and rolls over at the end of memory; past the end it NAKs and goes mute")
    func readRollOver() throws {
        var model = try ntag(.ntag213)
        let memory = model.memory
        #expect(model.respond(to: [0x30, 0x03]) == .data(Array(memory[12..<28])))
        #expect(model.respond(to: [0x30, 0x2B]) == .data(Array(memory[0xAC..<0xB4]) + Array(memory[0..<8])))
        #expect(model.respond(to: [0x30, 0x2D]) == .data([0x00]))
        #expect(model.respond(to: [0x30, 0x00]) == .mute)
        model.reselect()
        #expect(model.respond(to: [0x30, 0x00]) == .data(Array(memory[0..<16])))
    }

    @Test("FAST_READ end page is inclusive; a reversed or out-of-range range is NAKed")
    func fastRead() throws {
        var model = try ntag(.ntag215)
        let memory = model.memory
        #expect(model.respond(to: [0x3A, 0x00, 0x01]) == .data(Array(memory[0..<8])))
        #expect(model.respond(to: [0x3A, 0x04, 0x04]) == .data(Array(memory[16..<20])))
        #expect(model.respond(to: [0x3A, 0x00, 0x86]) == .data(memory))
        #expect(model.respond(to: [0x3A, 0x05, 0x04]) == .data([0x00]))
        model.reselect()
        #expect(model.respond(to: [0x3A, 0x00, 0x87]) == .data([0x00]))
    }

    @Test("Unsupported commands are NAKed and the tag stays mute until re-selected")
    func nakThenMute() throws {
        var model = try ntag(.ntag216)
        #expect(model.respond(to: [0xA2, 0x04, 1, 2, 3, 4]) == .data([0x00]))
        #expect(model.respond(to: [0x60]) == .mute)
        #expect(model.isMute)
        model.reselect()
        #expect(!model.isMute)
        #expect(model.respond(to: [0x30]) == .data([0x00]))
    }

    @Test("Ultralight has no GET_VERSION, FAST_READ or READ_SIG")
    func ultralight() throws {
        var model = try ntag(.ultralight)
        #expect(model.pageCount == 16)
        #expect(model.respond(to: [0x60]) == .data([0x00]))
        model.reselect()
        #expect(model.respond(to: [0x3A, 0x00, 0x01]) == .data([0x00]))
        model.reselect()
        #expect(model.respond(to: [0x3C, 0x00]) == .data([0x00]))
    }

    @Test("A message too large for the chip is refused")
    func tooLarge() {
        #expect(throws: TagModelError.self) { try TagModelFactory.make(kind: .ntag213, ndef: Self.uriMessage(200)) }
        #expect(throws: TagModelError.self) {
            try TagModelFactory.make(kind: .ultralight, ndefBytes: [UInt8](repeating: 0, count: 47))
        }
        #expect(throws: TagModelError.self) {
            try TagModelFactory.make(kind: .mifareClassic1K, ndefBytes: [0xD0, 0, 0])
        }
    }

    @Test("A message that fills the data area exactly has no Terminator and still decodes")
    func exactFit() throws {
        // NTAG215: 496-byte data area = 03 FF hh ll + 492 bytes.
        let record = NDEFRecord(typeNameFormat: .media, type: "a/b", payload: [UInt8](repeating: 0x41, count: 492 - 9))
        let message = NDEFMessage(records: [record])
        #expect(try message.encoded().count == 492)
        let model = try ntag(.ntag215, message)
        #expect(model.memory[16 + 495] == 0x41)
        #expect(try Type2Memory.ndefMessage(image: model.memory) == message)
    }

    @Test("The Type 4 app answers SELECT, READ BINARY and errors with a phone's status words")
    func type4APDUs() throws {
        let message = Self.uriMessage(20)
        let bytes = try message.encoded()
        var model = try Type4TagModel(ndefBytes: bytes, configuration: .init(maximumResponseLength: 0x3B))
        let ok: [UInt8] = [0x90, 0x00]
        let aid: [UInt8] = [0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01]
        #expect(model.respond(to: [0x00, 0xB0, 0x00, 0x00, 0x0F]) == .data([0x69, 0x86]))
        #expect(model.respond(to: [0x00, 0xA4, 0x00, 0x0C, 0x02, 0xE1, 0x03]) == .data([0x6A, 0x82]))
        #expect(model.respond(to: [0x00, 0xA4, 0x04, 0x00, 0x07] + aid.dropLast() + [0x00]) == .data([0x6A, 0x82]))
        #expect(model.respond(to: [0x00, 0xA4, 0x04, 0x00, 0x07] + aid + [0x00]) == .data(ok))
        #expect(model.respond(to: [0x00, 0xA4, 0x04, 0x00, 0x07] + aid) == .data(ok))
        #expect(model.respond(to: [0x00, 0xA4, 0x00, 0x0C, 0x02, 0xE1, 0x03]) == .data(ok))
        guard case .data(let ccResponse) = model.respond(to: [0x00, 0xB0, 0x00, 0x00, 0x0F]) else {
            Issue.record("no CC")
            return
        }
        let cc = try Type4CapabilityContainer(Array(ccResponse.dropLast(2)))
        #expect(cc.maximumResponseLength == 0x3B)
        #expect(cc.ndefFileID == 0xE104)
        #expect(Array(ccResponse.suffix(2)) == ok)
        #expect(model.respond(to: [0x00, 0xB0, 0x00, 0x00, 0x3C]) == .data([0x67, 0x00]))  // Le above MLe
        #expect(model.respond(to: [0x00, 0xB0, 0x00, 0x00, 0x00]) == .data([0x67, 0x00]))  // Le 256
        #expect(model.respond(to: [0x00, 0xB0, 0x00, 0x10, 0x01]) == .data([0x6B, 0x00]))  // past the 15-byte file
        #expect(model.respond(to: [0x00, 0xA4, 0x00, 0x00, 0x02, 0xE1, 0x04]) == .data(ok))
        #expect(model.respond(to: [0x00, 0xB0, 0x00, 0x00, 0x02]) == .data([0x00, UInt8(bytes.count)] + ok))
        #expect(model.respond(to: [0x00, 0xB0, 0x00, 0x02, 0x3B]) == .data(Array(bytes.prefix(0x3B)) + ok))
        #expect(model.respond(to: [0x00, 0xD6, 0x00, 0x00, 0x01]) == .data([0x67, 0x00]))  // UPDATE without data
        #expect(model.respond(to: [0x00, 0xCA, 0x00, 0x00, 0x00]) == .data([0x6D, 0x00]))
        #expect(model.respond(to: [0x80, 0xB0, 0x00, 0x00, 0x01]) == .data([0x6E, 0x00]))
        #expect(model.respond(to: [0x00, 0xB0]) == .data([0x67, 0x00]))
        model.reselect()
        #expect(model.respond(to: [0x00, 0xB0, 0x00, 0x00, 0x02]) == .data([0x69, 0x86]))
    }

    @Test("The Type 4 app draws a random UID on every tap and looks like a phone")
    func type4RandomUID() throws {
        var model = try Type4TagModel(ndefBytes: [])
        var uids: Set<[UInt8]> = []
        for _ in 0..<8 {
            model.enterField()
            uids.insert(model.target.uid)
            #expect(model.target.uid.count == 4)
            #expect(model.target.uid.first == 0x08)
        }
        #expect(uids.count > 1)
        #expect(model.target.selRes == 0x20)
        #expect(model.target.ats != nil)
    }

    @Test("Mapping 3.0 announces an ENDEF file with a 4-byte ENLEN; mapping 1.0 answers only the v1 AID")
    func type4Versions() throws {
        let bytes = try Self.uriMessage(5).encoded()
        var v3 = try Type4TagModel(ndefBytes: bytes, configuration: .init(mappingVersion: .v3))
        #expect(v3.capabilityContainerFile.count == 17)
        #expect(try Type4CapabilityContainer(v3.capabilityContainerFile).lengthFieldSize == 4)
        #expect(Array(v3.ndefFile.prefix(4)) == [0, 0, 0, UInt8(bytes.count)])
        _ = v3.respond(to: [0x00, 0xA4, 0x04, 0x00, 0x07, 0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01])
        var v1 = try Type4TagModel(ndefBytes: bytes, configuration: .init(mappingVersion: .v1))
        #expect(v1.capabilityContainerFile[2] == 0x10)
        #expect(
            v1.respond(to: [0x00, 0xA4, 0x04, 0x00, 0x07, 0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01, 0x00])
                == .data([0x6A, 0x82])
        )
        #expect(
            v1.respond(to: [0x00, 0xA4, 0x04, 0x00, 0x07, 0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x00])
                == .data([0x90, 0x00])
        )
    }

    @Test("MIFARE Classic 1K has SAK 08 and NAKs anything unauthenticated")
    func classic() {
        var model = MifareClassicTagModel()
        #expect(model.target.selRes == 0x08)
        #expect(model.respond(to: [0x30, 0x04]) == .data([0x04]))
        #expect(model.respond(to: [0x30, 0x04]) == .mute)
        #expect(TagActivator.tagType(of: model.target) == .mifareClassic)
    }

    @Test("Fault plans: timeout, corruption, removal and unplug by command index, with counters")
    func emulatorFaults() throws {
        let model = try TagModelFactory.make(kind: .ntag213, ndef: Self.uriMessage(10))
        var emulator = TagEmulator(model, faults: FaultPlan(removeAfter: 4, corruptResponse: 1, timeoutAt: 2))
        guard case .response(let version) = emulator.exchange([0x60]) else {
            throw TagModelError(.invalidConfiguration, "0")
        }
        #expect(version.count == 8)
        guard case .corrupted(let short) = emulator.exchange([0x30, 0x00]) else {
            throw TagModelError(.invalidConfiguration, "1")
        }
        #expect(short.count == 15)
        #expect(emulator.exchange([0x30, 0x00]) == .noResponse)
        guard case .response = emulator.exchange([0x30, 0x00]) else { throw TagModelError(.invalidConfiguration, "3") }
        #expect(emulator.exchange([0x30, 0x00]) == .tagRemoved)
        #expect(!emulator.isPresent)
        #expect(emulator.counters == ExchangeCounters(commands: 5, bytesSent: 9, bytesReceived: 8 + 16 + 16))

        var unplugged = TagEmulator(model, faults: FaultPlan(unplugAfter: 1))
        guard case .response = unplugged.exchange([0x60]) else { throw TagModelError(.invalidConfiguration, "u0") }
        #expect(unplugged.exchange([0x60]) == .readerUnplugged)
        #expect(unplugged.exchange([0x60]) == .readerUnplugged)
        #expect(unplugged.isReaderUnplugged)
    }
}
