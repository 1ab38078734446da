import HukouTesting
import NDEF
import NFCTag
import Testing

@Suite("Type 2 tag protocol (scripted transcripts)")
struct Type2TagTests {
    typealias F = TagFixtures

    @Test("NTAG213 with a short message: GET_VERSION and one FAST_READ bounded by the user memory")
    func ntag213SmallMessage() throws {
        let (message, bytes) = try F.message(encodedSize: 30)
        let image = F.type2Image(
            pages: 45,
            cc: [0xE1, 0x10, 0x12, 0x00],
            tlvs: [0x01, 0x03, 0xA0, 0x0C, 0x34] + F.ndefTLV(bytes)
        )
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange([0x60], F.ntag213Version),
                .exchange([0x3A, 0x03, 0x27], F.pages(image, 3, 0x27)),
            ]
        )
        let result = try Type2Tag(target: F.type2Target).readNDEF(over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
        #expect(result.ndefBytes == bytes)
        #expect(result.product == "NTAG213")
        #expect(result.version == F.ntag213Version)
        #expect(result.counters == ExchangeCounters(commands: 2, bytesSent: 4, bytesReceived: 8 + 37 * 4))
    }

    @Test("NTAG216 full memory: 1 + ⌈872 / 252⌉ commands, stopping at the end of the NDEF TLV")
    func ntag216FullMemory() throws {
        let (message, bytes) = try F.message(encodedSize: 868)  // 03 FF 03 64 + 868 = 872 bytes: the whole data area
        let image = F.type2Image(pages: 231, cc: [0xE1, 0x10, 0x6D, 0x00], tlvs: Array(F.ndefTLV(bytes).dropLast()))
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange([0x60], F.ntag216Version),
                .exchange([0x3A, 0x03, 0x41], F.pages(image, 0x03, 0x41)),
                .exchange([0x3A, 0x42, 0x80], F.pages(image, 0x42, 0x80)),
                .exchange([0x3A, 0x81, 0xBF], F.pages(image, 0x81, 0xBF)),
                .exchange([0x3A, 0xC0, 0xDD], F.pages(image, 0xC0, 0xDD)),
            ]
        )
        let result = try Type2Tag(target: F.type2Target).readNDEF(over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
        #expect(result.counters.commands == 1 + (872 + 251) / 252)
    }

    @Test("NTAG215 with a 300-byte message reads only the pages the TLV needs")
    func ntag215StopsAtTLVEnd() throws {
        // TLV 03 FF 01 2C: the value ends at data byte 304, on page 79.
        let (message, bytes) = try F.message(encodedSize: 300)
        let image = F.type2Image(pages: 135, cc: [0xE1, 0x10, 0x3E, 0x00], tlvs: F.ndefTLV(bytes))
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange([0x60], F.ntag215Version),
                .exchange([0x3A, 0x03, 0x41], F.pages(image, 0x03, 0x41)),
                .exchange([0x3A, 0x42, 0x4F], F.pages(image, 0x42, 0x4F)),
            ]
        )
        let result = try Type2Tag(target: F.type2Target).readNDEF(over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
        #expect(result.product == "NTAG215")
    }

    @Test("A small reader frame splits FAST_READ into more commands")
    func smallFrames() throws {
        let (message, bytes) = try F.message(encodedSize: 40)
        let image = F.type2Image(pages: 45, cc: [0xE1, 0x10, 0x12, 0x00], tlvs: F.ndefTLV(bytes))
        let limits = TransceiverLimits(maximumCommandLength: 64, maximumResponseLength: 64)
        let script = ScriptedTransceiver(
            limits: limits,
            [
                .exchange([0x60], F.ntag213Version),
                .exchange([0x3A, 0x03, 0x12], F.pages(image, 0x03, 0x12)),
            ]
        )
        // 16 pages: CC + 60 data bytes, enough for the 42-byte TLV value and header.
        let result = try Type2Tag(target: F.type2Target).readNDEF(over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
    }

    @Test("Ultralight NAKs GET_VERSION: re-select, then READ in 16-byte steps")
    func ultralightFallsBackToRead() throws {
        let (message, bytes) = try F.message(encodedSize: 30)
        let image = F.type2Image(pages: 16, cc: [0xE1, 0x10, 0x06, 0x00], tlvs: F.ndefTLV(bytes))
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange([0x60], [0x00]),
                .reselect,
                .exchange([0x30, 0x03], F.read(image, 3)),
                .exchange([0x30, 0x07], F.read(image, 7)),
                .exchange([0x30, 0x0B], F.read(image, 11)),
            ]
        )
        let result = try Type2Tag(target: F.type2Target).readNDEF(over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
        #expect(result.version == nil)
        #expect(result.product == "Type 2 tag")
    }

    @Test("A tag that stays silent on GET_VERSION is re-selected as after a NAK")
    func getVersionTimeout() throws {
        let (message, bytes) = try F.message(encodedSize: 8)
        let image = F.type2Image(pages: 16, cc: [0xE1, 0x10, 0x06, 0x00], tlvs: F.ndefTLV(bytes))
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .fail([0x60], TransceiveError(.timeout, "no answer")),
                .reselect,
                .exchange([0x30, 0x03], F.read(image, 3)),
            ]
        )
        let result = try Type2Tag(target: F.type2Target).readNDEF(over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
    }

    @Test("Without re-select (PC/SC storage card) GET_VERSION is skipped and READ is used")
    func noReselectSkipsGetVersion() throws {
        let (message, bytes) = try F.message(encodedSize: 20)
        let image = F.type2Image(pages: 45, cc: [0xE1, 0x10, 0x12, 0x00], tlvs: F.ndefTLV(bytes))
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange([0x30, 0x03], F.read(image, 3)),
                .exchange([0x30, 0x07], F.read(image, 7)),
            ]
        )
        let result = try Type2Tag(target: F.type2Target).readNDEF(over: script.withoutReselect)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
    }

    @Test("FAST_READ NAKed by an NTAG look-alike: re-select and continue with READ")
    func fastReadNAK() throws {
        let (message, bytes) = try F.message(encodedSize: 20)
        let image = F.type2Image(pages: 45, cc: [0xE1, 0x10, 0x12, 0x00], tlvs: F.ndefTLV(bytes))
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange([0x60], F.ntag213Version),
                .exchange([0x3A, 0x03, 0x27], [0x00]),
                .reselect,
                .exchange([0x30, 0x03], F.read(image, 3)),
                .exchange([0x30, 0x07], F.read(image, 7)),
            ]
        )
        let result = try Type2Tag(target: F.type2Target).readNDEF(over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
    }

    @Test("FAST_READ the reader cannot carry falls back to READ without re-select")
    func fastReadNotSupportedByReader() throws {
        let (message, bytes) = try F.message(encodedSize: 10)
        let image = F.type2Image(pages: 45, cc: [0xE1, 0x10, 0x12, 0x00], tlvs: F.ndefTLV(bytes))
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange([0x60], F.ntag213Version),
                .fail([0x3A, 0x03, 0x27], TransceiveError(.commandNotSupported, "reader path")),
                .exchange([0x30, 0x03], F.read(image, 3)),
            ]
        )
        let result = try Type2Tag(target: F.type2Target).readNDEF(over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
    }

    @Test("Removal mid-read is a typed, tag-lost error")
    func removalMidRead() throws {
        let (_, bytes) = try F.message(encodedSize: 400)
        let image = F.type2Image(pages: 135, cc: [0xE1, 0x10, 0x3E, 0x00], tlvs: F.ndefTLV(bytes))
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange([0x60], F.ntag215Version),
                .exchange([0x3A, 0x03, 0x41], F.pages(image, 0x03, 0x41)),
                .fail([0x3A, 0x42, 0x68], TransceiveError(.tagRemoved, "gone")),
            ]
        )
        let error = try #require(throws: TagError.self) { try Type2Tag(target: F.type2Target).readNDEF(over: script) }
        #expect(error.code == .communication)
        #expect(error.transceiveError?.code == .tagRemoved)
        #expect(error.command == [0x3A, 0x42, 0x68])
        #expect(error.isTagLost)
        #expect(script.isComplete)
    }

    @Test("A short FAST_READ frame is an invalid response")
    func shortFrame() throws {
        let (_, bytes) = try F.message(encodedSize: 30)
        let image = F.type2Image(pages: 45, cc: [0xE1, 0x10, 0x12, 0x00], tlvs: F.ndefTLV(bytes))
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange([0x60], F.ntag213Version),
                .exchange([0x3A, 0x03, 0x27], Array(F.pages(image, 3, 0x27).dropLast())),
            ]
        )
        let error = try #require(throws: TagError.self) { try Type2Tag(target: F.type2Target).readNDEF(over: script) }
        #expect(error.code == .invalidResponse)
    }

    @Test("A short READ frame and a corrupted GET_VERSION are invalid responses")
    func shortReadAndVersion() throws {
        let script = ScriptedTransceiver(limits: F.limits252, [.exchange([0x30, 0x03], [0xE1, 0x10, 0x12])])
        let readError = try #require(throws: TagError.self) {
            try Type2Tag(target: F.type2Target).readNDEF(over: script.withoutReselect)
        }
        #expect(readError.code == .invalidResponse)
        let versionScript = ScriptedTransceiver(limits: F.limits252, [.exchange([0x60], [0x00, 0x04, 0x04])])
        let versionError = try #require(throws: TagError.self) {
            try Type2Tag(target: F.type2Target).readNDEF(over: versionScript)
        }
        #expect(versionError.code == .invalidResponse)
    }

    @Test("A READ NAK is reported with its value")
    func readNAK() throws {
        let script = ScriptedTransceiver(limits: F.limits252, [.exchange([0x30, 0x03], [0x01])])
        let error = try #require(throws: TagError.self) {
            try Type2Tag(target: F.type2Target).readNDEF(over: script.withoutReselect)
        }
        #expect(error.code == .nak)
        #expect(error.nak == 0x01)
    }

    @Test("A tag without the NDEF magic number is not NDEF formatted")
    func badCapabilityContainer() throws {
        let image = F.type2Image(pages: 16, cc: [0x00, 0x00, 0x00, 0x00], tlvs: [])
        let script = ScriptedTransceiver(limits: F.limits252, [.exchange([0x30, 0x03], F.read(image, 3))])
        let error = try #require(throws: TagError.self) {
            try Type2Tag(target: F.type2Target).readNDEF(over: script.withoutReselect)
        }
        #expect(error.code == .invalidFormat)
        #expect(error.formatError?.code == .invalidMagicNumber)
    }

    @Test("Bad NDEF bytes inside a valid TLV are an NDEF error, not a partial message")
    func invalidNDEF() throws {
        let image = F.type2Image(
            pages: 16,
            cc: [0xE1, 0x10, 0x06, 0x00],
            tlvs: F.ndefTLV([0xD1, 0x01, 0x20, 0x55, 0x04])
        )
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange([0x30, 0x03], F.read(image, 3))
            ]
        )
        let error = try #require(throws: TagError.self) {
            try Type2Tag(target: F.type2Target).readNDEF(over: script.withoutReselect)
        }
        #expect(error.code == .invalidNDEF)
    }

    @Test("A blank tag (empty NDEF TLV) reads as an empty message")
    func blankTag() throws {
        let image = F.type2Image(pages: 45, cc: [0xE1, 0x10, 0x12, 0x00], tlvs: [0x03, 0x00, 0xFE])
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange([0x60], F.ntag213Version),
                .exchange([0x3A, 0x03, 0x27], F.pages(image, 3, 0x27)),
            ]
        )
        let result = try Type2Tag(target: F.type2Target).readNDEF(over: script)
        #expect(result.message.records.isEmpty)
        #expect(result.ndefBytes.isEmpty)
    }

    @Test("A tag gone at re-select ends the read with the transport error")
    func reselectFails() throws {
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange([0x60], [0x00]),
                .reselectFails(TransceiveError(.tagRemoved, "no answer to WUPA")),
            ]
        )
        let error = try #require(throws: TagError.self) { try Type2Tag(target: F.type2Target).readNDEF(over: script) }
        #expect(error.transceiveError?.code == .tagRemoved)
        #expect(error.isTagLost)
    }
}

@Suite("Type 2 reserved areas")
struct Type2ReservedAreaTests {
    typealias F = TagFixtures

    @Test("An NDEF value split by a Memory Control area is gathered around it")
    func memoryControlSplitsValue() throws {
        let message = NDEFMessage(records: [.uri("https://ab.cn")])
        let bytes = try message.encoded()
        #expect(bytes.count == 10)
        // Data area: Memory Control TLV reserving tag bytes 24–27 (page 6), then the NDEF TLV whose value
        // starts at data byte 7, skips data bytes 8–11 and continues from 12.
        var area: [UInt8] = [0x02, 0x03, 0x60, 0x04, 0x02, 0x03, UInt8(bytes.count), bytes[0]]
        area += [0xEE, 0xEE, 0xEE, 0xEE] + bytes[1...] + [0xFE]
        let image = F.type2Image(pages: 16, cc: [0xE1, 0x10, 0x06, 0x00], tlvs: area)
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange([0x30, 0x03], F.read(image, 3)),
                .exchange([0x30, 0x07], F.read(image, 7)),
            ]
        )
        let result = try Type2Tag(target: F.type2Target).readNDEF(over: script.withoutReselect)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.ndefBytes == bytes)
        #expect(result.message == message)
    }

    @Test("A CC that forbids reading is refused")
    func notReadable() throws {
        let image = F.type2Image(pages: 16, cc: [0xE1, 0x10, 0x06, 0x80], tlvs: [0x03, 0x00, 0xFE])
        let script = ScriptedTransceiver(limits: F.limits252, [.exchange([0x30, 0x03], F.read(image, 3))])
        let error = try #require(throws: TagError.self) {
            try Type2Tag(target: F.type2Target).readNDEF(over: script.withoutReselect)
        }
        #expect(error.code == .notReadable)
    }
}
