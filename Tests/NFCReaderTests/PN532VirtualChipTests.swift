import NFCReader
import NFCReaderLibNFC
import NFCTag
import Testing

@Suite("Virtual PN532 command set")
struct PN532VirtualChipTests {
    private static let text: [UInt8] = [0xD1, 0x01, 0x0E, 0x54, 0x02, 0x7A, 0x68] + Array("HUKOU:PN532".utf8)

    private static func chip(_ kind: TagModelKind, faults: FaultPlan = .none) throws -> VirtualPN532 {
        let ndef: [UInt8]? = kind == .mifareClassic1K ? nil : text
        let model = try TagModelFactory.make(kind: kind, ndefBytes: ndef)
        return VirtualPN532(tag: TagEmulator(model, faults: faults))
    }

    /// Sends one command and returns the response data after `D5 cc`, failing on anything but an immediate answer.
    private static func send(_ chip: inout VirtualPN532, _ command: [UInt8]) throws -> [UInt8] {
        let action = chip.handle(.information(payload: [0xD4] + command))
        guard case .respond(.information(let payload), let delay) = action else {
            Issue.record("expected a response to \(command), got \(action)")
            return []
        }
        #expect(delay == .zero)
        #expect(Array(payload.prefix(2)) == [0xD5, command[0] + 1])
        return Array(payload.dropFirst(2))
    }

    private static func rawCRC(_ chip: inout VirtualPN532, enabled: Bool) throws {
        let value: UInt8 = enabled ? 0x80 : 0x00
        _ = try send(&chip, [0x08, 0x63, 0x02, value, 0x63, 0x03, value])
    }

    @Test("libnfc's opening sequence: Diagnose echo, firmware version, parameters, registers")
    func opening() throws {
        var chip = try Self.chip(.ntag213)
        let libnfc = Array("libnfc".utf8)
        #expect(try Self.send(&chip, [0x00, 0x00] + libnfc) == [0x00] + libnfc)
        #expect(try Self.send(&chip, [0x02]) == [0x32, 0x01, 0x06, 0x07])
        #expect(try Self.send(&chip, [0x14, 0x01]) == [])
        #expect(try Self.send(&chip, [0x12, 0x14]) == [])
        #expect(try Self.send(&chip, [0x06, 0x63, 0x02, 0x63, 0x03, 0x63, 0x0D]) == [0x80, 0x80, 0x00])
        #expect(try Self.send(&chip, [0x08, 0x63, 0x0D, 0x10]) == [])
        #expect(try Self.send(&chip, [0x06, 0x63, 0x0D]) == [0x10])
        #expect(try Self.send(&chip, [0x32, 0x01, 0x01]) == [])
        #expect(chip.hostCommands == 8)
    }

    @Test("An NTAG is listed with its ATQA, SAK and 7-byte UID and no ATS")
    func listType2() throws {
        var chip = try Self.chip(.ntag213)
        let uid = try #require(chip.tag?.target.uid)
        let answer = try Self.send(&chip, [0x4A, 0x01, 0x00])
        #expect(answer == [0x01, 0x01, 0x00, 0x44, 0x00, 0x07] + uid)
    }

    @Test("A phone is listed with its ATS when automatic RATS is on")
    func listType4() throws {
        var chip = try Self.chip(.type4)
        _ = try Self.send(&chip, [0x12, 0x14])
        let target = try #require(chip.tag?.target)
        let answer = try Self.send(&chip, [0x4A, 0x01, 0x00])
        #expect(answer == [0x01, 0x01, 0x00, 0x04, 0x20, UInt8(target.uid.count)] + target.uid + (target.ats ?? []))
    }

    @Test("InDataExchange carries APDUs to the Type 4 application")
    func dataExchange() throws {
        var chip = try Self.chip(.type4)
        _ = try Self.send(&chip, [0x4A, 0x01, 0x00])
        let select: [UInt8] = [0x00, 0xA4, 0x04, 0x00, 0x07, 0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01, 0x00]
        #expect(try Self.send(&chip, [0x40, 0x01] + select) == [0x00, 0x90, 0x00])
        #expect(chip.tag?.counters.commands == 1)
    }

    @Test("Before any selection the chip answers the timeout status, not a made-up success")
    func noTargetSelected() throws {
        var chip = try Self.chip(.type4)
        #expect(try Self.send(&chip, [0x40, 0x01, 0x00, 0xA4, 0x04, 0x00]) == [0x01])
        #expect(try Self.send(&chip, [0x42, 0x26]) == [0x01])
    }

    @Test("Raw Type 2 frames: the host's CRC is checked and the answer's CRC appended")
    func rawType2() throws {
        var chip = try Self.chip(.ntag213)
        _ = try Self.send(&chip, [0x4A, 0x01, 0x00])
        try Self.rawCRC(&chip, enabled: false)
        let answer = try Self.send(&chip, [0x42, 0x30, 0x00, 0x02, 0xA8])
        #expect(answer.first == 0x00)
        #expect(answer.count == 1 + 16 + 2)
        let page3 = Array(answer.dropFirst().prefix(16))[12..<16]
        #expect(Array(page3) == [0xE1, 0x10, 0x12, 0x00])  // NTAG213 capability container
        // A frame with a wrong CRC never reaches the tag: the chip times out.
        #expect(try Self.send(&chip, [0x42, 0x30, 0x00, 0x02, 0xA9]) == [0x01])
    }

    @Test("A NAK comes back as one byte, the tag then stays mute until it is selected again")
    func nakAndReselect() throws {
        var chip = try Self.chip(.ultralight)
        _ = try Self.send(&chip, [0x4A, 0x01, 0x00])
        try Self.rawCRC(&chip, enabled: false)
        let nak = try Self.send(&chip, [0x42, 0x60, 0xF8, 0x32])  // GET_VERSION, unknown to an Ultralight
        #expect(nak.count == 2 && nak[0] == 0x00 && nak[1] < 0x0A)
        #expect(try Self.send(&chip, [0x42, 0x30, 0x00, 0x02, 0xA8]) == [0x01])
        try Self.rawCRC(&chip, enabled: true)
        _ = try Self.send(&chip, [0x4A, 0x01, 0x00])
        try Self.rawCRC(&chip, enabled: false)
        #expect(try Self.send(&chip, [0x42, 0x30, 0x00, 0x02, 0xA8]).count == 19)
    }

    @Test("ISO 14443B framing never reaches the tag")
    func typeBFraming() throws {
        var chip = try Self.chip(.type4)
        _ = try Self.send(&chip, [0x4A, 0x01, 0x00])
        _ = try Self.send(&chip, [0x08, 0x63, 0x02, 0x83, 0x63, 0x03, 0x83])
        #expect(try Self.send(&chip, [0x42, 0x10]) == [0x01])
    }

    @Test("A removed tag times out, and polling finds nothing: at once, after the poll time, or never")
    func removal() throws {
        var chip = try Self.chip(.type4, faults: FaultPlan(removeAfter: 1))
        _ = try Self.send(&chip, [0x4A, 0x01, 0x00])
        #expect(try Self.send(&chip, [0x40, 0x01, 0x00, 0xA4, 0x04, 0x00, 0x00]).count > 1)
        #expect(try Self.send(&chip, [0x40, 0x01, 0x00, 0xA4, 0x04, 0x00, 0x00]) == [0x01])
        #expect(chip.handle(.information(payload: [0xD4, 0x4A, 0x01, 0x00])) == .hold)
        _ = try Self.send(&chip, [0x32, 0x05, 0xFF, 0x01, 0x02])
        #expect(
            chip.handle(.information(payload: [0xD4, 0x4A, 0x01, 0x00]))
                == .respond(.response(to: 0x4A, [0x00]), after: .milliseconds(15))
        )
        #expect(
            chip.handle(.information(payload: [0xD4, 0x60, 0x02, 0x02, 0x20, 0x10]))
                == .respond(.response(to: 0x60, [0x00]), after: .milliseconds(600))
        )
        #expect(chip.handle(.information(payload: [0xD4, 0x60, 0xFF, 0x02, 0x10])) == .hold)
    }

    @Test("InAutoPoll reports an NTAG as a MIFARE target and a phone as ISO-DEP with its ATS")
    func autoPoll() throws {
        var ntag = try Self.chip(.ntag215)
        let uid = try #require(ntag.tag?.target.uid)
        #expect(
            try Self.send(&ntag, [0x60, 0x02, 0x02, 0x20, 0x10]) == [0x01, 0x10, 12, 0x01, 0x00, 0x44, 0x00, 0x07] + uid
        )
        var phone = try Self.chip(.type4)
        _ = try Self.send(&phone, [0x12, 0x14])
        let answer = try Self.send(&phone, [0x60, 0x02, 0x02, 0x20, 0x10])
        #expect(Array(answer.prefix(2)) == [0x01, 0x20])
    }

    @Test("The device vanishes after the planned number of host commands")
    func vanish() throws {
        var chip = try Self.chip(.ntag213)
        chip.vanishAfter = 2
        _ = try Self.send(&chip, [0x02])
        _ = try Self.send(&chip, [0x02])
        #expect(chip.handle(.information(payload: [0xD4, 0x02])) == .vanish)
    }

    @Test("Unknown commands and malformed parameters get the syntax-error frame; stray ACKs are ignored")
    func rejects() throws {
        var chip = try Self.chip(.ntag213)
        #expect(chip.handle(.information(payload: [0xD4, 0x8C])) == .reject)
        #expect(chip.handle(.information(payload: [0xD4, 0x06, 0x63])) == .reject)
        #expect(chip.handle(.information(payload: [0xD4, 0x12])) == .reject)
        #expect(chip.handle(.ack) == .ignore)
        #expect(chip.handle(.information(payload: [0xD5, 0x03])) == .ignore)
    }

    @Test("A tag entering the field answers the poll that waits for it; without a waiting poll nothing is sent")
    func tagEntersField() throws {
        let model = try TagModelFactory.make(kind: .type4, ndefBytes: Self.text)
        var chip = VirtualPN532(tag: TagEmulator(model), arrivesLater: true)
        #expect(chip.handle(.information(payload: [0xD4, 0x4A, 0x01, 0x00])) == .hold)
        let entered = chip.tagEntersField()
        let answer = try #require(entered)
        guard case .respond(.information(let payload), .zero) = answer else {
            Issue.record("\(answer)")
            return
        }
        #expect(Array(payload.prefix(4)) == [0xD5, 0x4B, 0x01, 0x01])

        var idle = VirtualPN532(tag: TagEmulator(model), arrivesLater: true)
        #expect(try Self.send(&idle, [0x02]) == [0x32, 0x01, 0x06, 0x07])
        let nothing = idle.tagEntersField()
        #expect(nothing == nil)
        #expect(try Self.send(&idle, [0x4A, 0x01, 0x00]).first == 0x01)
    }
}
