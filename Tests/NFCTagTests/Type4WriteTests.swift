import HukouTesting
import NDEF
import NFCTag
import Testing

@Suite("Type 4 NDEF update procedure (scripted transcripts)")
struct Type4WriteTests {
    typealias F = TagFixtures

    /// A v2.0 CC with MLc, write access and maximum file size chosen by the test.
    static func cc(mlc: Int = 0xFF, maxSize: Int = 0x0800, write: UInt8 = 0x00) -> [UInt8] {
        [
            0x00, 0x0F, 0x20, 0x00, 0xFF, UInt8(mlc >> 8), UInt8(mlc & 0xFF), 0x04, 0x06, 0xE1, 0x04,
            UInt8(maxSize >> 8), UInt8(maxSize & 0xFF), 0x00, write,
        ]
    }

    /// A v3.0 CC (ENDEF File Control TLV) with MLc 0xFF and a 4-byte maximum file size.
    static let ccV3: [UInt8] = [
        0x00, 0x11, 0x30, 0x00, 0xFF, 0x00, 0xFF, 0x06, 0x08, 0xE1, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    ]

    static func update(_ offset: Int, _ data: [UInt8]) -> [UInt8] {
        [0x00, 0xD6, UInt8(offset >> 8), UInt8(offset & 0xFF), UInt8(data.count)] + data
    }

    static func file(cc: [UInt8], isVersion1: Bool = false) throws -> Type4NDEFFile {
        Type4NDEFFile(
            capabilityContainer: try Type4CapabilityContainer(cc),
            mappingVersion: cc[2],
            isVersion1: isVersion1
        )
    }

    /// The read of an empty v2.0 file with `cc`, as the first part of a tap that then writes.
    static func emptyRead(cc: [UInt8]) -> [ScriptedTransceiver.Step] {
        [
            .exchange(F.selectV2, F.ok),
            .exchange(F.selectCC, F.ok),
            .exchange(F.readBinary(0, 15), cc + F.ok),
            .exchange(F.selectNDEF, F.ok),
            .exchange(F.readBinary(0, min(250, Int(cc[11]) << 8 | Int(cc[12]))), [0x00, 0x00] + F.ok),
        ]
    }

    @Test("A message within one MLc after a read: three UPDATE BINARY, NLEN 0 first and last the length")
    func threeAPDUs() throws {
        let (_, bytes) = try F.message(encodedSize: 200)
        let script = ScriptedTransceiver(
            limits: F.limits252,
            Self.emptyRead(cc: Self.cc())
                + [
                    .exchange(Self.update(0, [0x00, 0x00]), F.ok),
                    .exchange(Self.update(2, bytes), F.ok),
                    .exchange(Self.update(0, [0x00, 200]), F.ok),
                ]
        )
        let tag = Type4Tag(target: F.type4Target)
        let (read, file) = try tag.readNDEFFile(over: script)
        #expect(read.message.records.isEmpty)
        let counters = try tag.updateNDEF(bytes, in: file, over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(counters.commands == 3)
        #expect(counters.bytesSent == 7 + 205 + 7)
        #expect(counters.bytesReceived == 6)
    }

    @Test("A message longer than MLc is written in MLc chunks at increasing offsets")
    func mlcChunks() throws {
        let (_, bytes) = try F.message(encodedSize: 130)
        let file = try Self.file(cc: Self.cc(mlc: 0x3B))
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange(Self.update(0, [0x00, 0x00]), F.ok),
                .exchange(Self.update(2, Array(bytes[0..<59])), F.ok),
                .exchange(Self.update(61, Array(bytes[59..<118])), F.ok),
                .exchange(Self.update(120, Array(bytes[118...])), F.ok),
                .exchange(Self.update(0, [0x00, 130]), F.ok),
            ]
        )
        let counters = try Type4Tag(target: F.type4Target).updateNDEF(bytes, in: file, over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(counters.commands == 5)
    }

    @Test("The reader's frame and the short Lc cap chunks below a large MLc")
    func readerFrameCapsChunks() throws {
        let (_, bytes) = try F.message(encodedSize: 300)
        let bigMLc = try Self.file(cc: Self.cc(mlc: 0x0400))
        let small = TransceiverLimits(maximumCommandLength: 64, maximumResponseLength: 252)
        var steps: [ScriptedTransceiver.Step] = [.exchange(Self.update(0, [0x00, 0x00]), F.ok)]
        for start in stride(from: 0, to: 300, by: 59) {
            steps.append(.exchange(Self.update(2 + start, Array(bytes[start..<min(start + 59, 300)])), F.ok))
        }
        steps.append(.exchange(Self.update(0, [0x01, 0x2C]), F.ok))
        let script = ScriptedTransceiver(limits: small, steps)
        _ = try Type4Tag(target: F.type4Target).updateNDEF(bytes, in: bigMLc, over: script)
        #expect(script.isComplete, "\(script.mismatches)")

        // Frames of 1 KiB: the one-byte Lc still limits a chunk to 255 bytes.
        let large = TransceiverLimits(maximumCommandLength: 1024, maximumResponseLength: 1024)
        let script2 = ScriptedTransceiver(
            limits: large,
            [
                .exchange(Self.update(0, [0x00, 0x00]), F.ok),
                .exchange(Self.update(2, Array(bytes[0..<255])), F.ok),
                .exchange(Self.update(257, Array(bytes[255...])), F.ok),
                .exchange(Self.update(0, [0x01, 0x2C]), F.ok),
            ]
        )
        _ = try Type4Tag(target: F.type4Target).updateNDEF(bytes, in: bigMLc, over: script2)
        #expect(script2.isComplete, "\(script2.mismatches)")
    }

    @Test("Mapping 3.0: ENLEN is 4 bytes, cleared first and set last; the message starts at offset 4")
    func mapping3() throws {
        let (_, bytes) = try F.message(encodedSize: 40)
        let file = try Self.file(cc: Self.ccV3)
        #expect(file.capacity == 0x1_0000 - 4)
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange(Self.update(0, [0, 0, 0, 0]), F.ok),
                .exchange(Self.update(4, bytes), F.ok),
                .exchange(Self.update(0, [0, 0, 0, 40]), F.ok),
            ]
        )
        _ = try Type4Tag(target: F.type4Target).updateNDEF(bytes, in: file, over: script)
        #expect(script.isComplete, "\(script.mismatches)")
    }

    @Test("writeNDEF on its own selects the application, reads the CC, selects the file, then writes")
    func standaloneWrite() throws {
        let (_, bytes) = try F.message(encodedSize: 10)
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange(F.selectV2, F.ok),
                .exchange(F.selectCC, F.ok),
                .exchange(F.readBinary(0, 15), Self.cc() + F.ok),
                .exchange(F.selectNDEF, F.ok),
                .exchange(Self.update(0, [0x00, 0x00]), F.ok),
                .exchange(Self.update(2, bytes), F.ok),
                .exchange(Self.update(0, [0x00, 10]), F.ok),
            ]
        )
        let counters = try Type4Tag(target: F.type4Target).writeNDEF(bytes, over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(counters.commands == 7)
    }

    @Test("Mapping 1.0: the v1 AID and P2 00 are used to re-select a file the tag forgot")
    func version1Reselect() throws {
        let (_, bytes) = try F.message(encodedSize: 10)
        var cc = Self.cc()
        cc[2] = 0x20
        let file = try Self.file(cc: cc, isVersion1: true)
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange(Self.update(0, [0x00, 0x00]), [0x69, 0x86]),
                .exchange(F.selectV1, F.ok),
                .exchange([0x00, 0xA4, 0x00, 0x00, 0x02, 0xE1, 0x04], F.ok),
                .exchange(Self.update(0, [0x00, 0x00]), F.ok),
                .exchange(Self.update(2, bytes), F.ok),
                .exchange(Self.update(0, [0x00, 10]), F.ok),
            ]
        )
        let counters = try Type4Tag(target: F.type4Target).updateNDEF(bytes, in: file, over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(counters.commands == 6)
    }

    @Test("A read-only CC is refused before any command")
    func readOnlyCC() throws {
        let file = try Self.file(cc: Self.cc(write: 0xFF))
        let script = ScriptedTransceiver(limits: F.limits252, [])
        #expect {
            try Type4Tag(target: F.type4Target).updateNDEF([0xD0, 0x00, 0x00], in: file, over: script)
        } throws: { ($0 as? TagError)?.code == .notWritable }
        #expect(script.sent.isEmpty)

        // writeNDEF reads the CC, then stops before selecting the NDEF file.
        let standalone = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange(F.selectV2, F.ok),
                .exchange(F.selectCC, F.ok),
                .exchange(F.readBinary(0, 15), Self.cc(write: 0xFF) + F.ok),
            ]
        )
        #expect {
            try Type4Tag(target: F.type4Target).writeNDEF([0xD0, 0x00, 0x00], over: standalone)
        } throws: { ($0 as? TagError)?.code == .notWritable }
        #expect(standalone.isComplete, "\(standalone.mismatches)")
    }

    @Test("A message larger than the file, or past offset 0x7FFF, is refused before any command")
    func tooLarge() throws {
        let script = ScriptedTransceiver(limits: F.limits252, [])
        let small = try Self.file(cc: Self.cc(maxSize: 12))
        #expect(small.capacity == 10)
        #expect {
            try Type4Tag(target: F.type4Target).updateNDEF([UInt8](repeating: 0, count: 11), in: small, over: script)
        } throws: { ($0 as? TagError)?.code == .messageTooLarge }
        let huge = try Self.file(cc: Self.ccV3)
        #expect {
            try Type4Tag(target: F.type4Target).updateNDEF(
                [UInt8](repeating: 0, count: 0x8000 - 3),
                in: huge,
                over: script
            )
        } throws: { ($0 as? TagError)?.code == .messageTooLarge }
        #expect(script.sent.isEmpty)
    }

    @Test(
        "Every error status word of every UPDATE BINARY is a typed error",
        arguments: [
            UInt16(0x6982), 0x6985, 0x6A84, 0x6700, 0x6B00, 0x6A86, 0x6581, 0x6D00, 0x6E00, 0x6F00,
        ],
        [0, 1, 2]
    )
    func statusWords(statusWord: UInt16, failingStep: Int) throws {
        let code: TagError.Code =
            switch statusWord {
            case 0x6982, 0x6985: .notWritable
            case 0x6A84: .messageTooLarge
            default: .statusWord
            }
        let (_, bytes) = try F.message(encodedSize: 20)
        let file = try Self.file(cc: Self.cc())
        let commands = [Self.update(0, [0x00, 0x00]), Self.update(2, bytes), Self.update(0, [0x00, 20])]
        let sw = [UInt8(statusWord >> 8), UInt8(statusWord & 0xFF)]
        let steps: [ScriptedTransceiver.Step] = (0...failingStep).map {
            .exchange(commands[$0], $0 == failingStep ? sw : F.ok)
        }
        let script = ScriptedTransceiver(limits: F.limits252, steps)
        #expect {
            try Type4Tag(target: F.type4Target).updateNDEF(bytes, in: file, over: script)
        } throws: { error in
            guard let error = error as? TagError else { return false }
            return error.code == code && error.statusWord == statusWord && error.command == commands[failingStep]
        }
        #expect(script.isComplete, "\(script.mismatches)")
    }

    @Test("A tag lost at any UPDATE BINARY is a communication error; a broken frame is an invalid response")
    func lostAndBroken() throws {
        let (_, bytes) = try F.message(encodedSize: 20)
        let file = try Self.file(cc: Self.cc())
        let commands = [Self.update(0, [0x00, 0x00]), Self.update(2, bytes), Self.update(0, [0x00, 20])]
        for failing in 0..<3 {
            for error in [TransceiveError(.tagRemoved, "gone"), TransceiveError(.timeout, "mute")] {
                var steps: [ScriptedTransceiver.Step] = (0..<failing).map { .exchange(commands[$0], F.ok) }
                steps.append(.fail(commands[failing], error))
                let script = ScriptedTransceiver(limits: F.limits252, steps)
                #expect {
                    try Type4Tag(target: F.type4Target).updateNDEF(bytes, in: file, over: script)
                } throws: { ($0 as? TagError)?.isTagLost == true }
                #expect(script.isComplete, "\(script.mismatches)")
            }
            for broken: [UInt8] in [[0x90], [0x00, 0x90, 0x00]] {
                var steps: [ScriptedTransceiver.Step] = (0..<failing).map { .exchange(commands[$0], F.ok) }
                steps.append(.exchange(commands[failing], broken))
                let script = ScriptedTransceiver(limits: F.limits252, steps)
                #expect {
                    try Type4Tag(target: F.type4Target).updateNDEF(bytes, in: file, over: script)
                } throws: { ($0 as? TagError)?.code == .invalidResponse }
            }
        }
    }
}
