import HukouTesting
import NDEF
import NFCTag
import Testing

@Suite("Type 4 tag protocol (scripted transcripts)")
struct Type4TagTests {
    typealias F = TagFixtures

    @Test("v2.0 message within one MLe: five APDUs, NLEN and message in one READ BINARY")
    func fiveAPDUs() throws {
        let (message, bytes) = try F.message(encodedSize: 40)
        let file = [0x00, 40] + bytes
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange(F.selectV2, F.ok),
                .exchange(F.selectCC, F.ok),
                .exchange(F.readBinary(0, 15), F.ccV2(mle: 0xFF, maxSize: 42) + F.ok),
                .exchange(F.selectNDEF, F.ok),
                .exchange(F.readBinary(0, 42), file + F.ok),
            ]
        )
        let result = try Type4Tag(target: F.type4Target).readNDEF(over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
        #expect(result.ndefBytes == bytes)
        #expect(result.product == "Type 4 mapping 2.0")
        #expect(result.counters.commands == 5)
    }

    @Test("The first READ BINARY asks for a whole chunk and surplus file bytes are dropped")
    func surplusBytesDropped() throws {
        let (message, bytes) = try F.message(encodedSize: 20)
        let file = [0x00, 20] + bytes + [UInt8](repeating: 0, count: 250 - 22)
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange(F.selectV2, F.ok),
                .exchange(F.selectCC, F.ok),
                .exchange(F.readBinary(0, 15), F.ccV2(mle: 0x0100, maxSize: 0x0800) + F.ok),
                .exchange(F.selectNDEF, F.ok),
                .exchange(F.readBinary(0, 250), file + F.ok),  // 252-byte frames leave 250 data bytes
            ]
        )
        let result = try Type4Tag(target: F.type4Target).readNDEF(over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
    }

    @Test("v1.0 fallback: SELECT v2 is refused, v1 AID without Le, files selected with P2 00")
    func version1Fallback() throws {
        let (message, bytes) = try F.message(encodedSize: 12)
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange(F.selectV2, [0x6A, 0x82]),
                .exchange(F.selectV1, F.ok),
                .exchange([0x00, 0xA4, 0x00, 0x00, 0x02, 0xE1, 0x03], F.ok),
                .exchange(F.readBinary(0, 15), F.ccV2(mle: 0x3B, maxSize: 14, version: 0x10) + F.ok),
                .exchange([0x00, 0xA4, 0x00, 0x00, 0x02, 0xE1, 0x04], F.ok),
                .exchange(F.readBinary(0, 14), [0x00, 12] + bytes + F.ok),
            ]
        )
        let result = try Type4Tag(target: F.type4Target).readNDEF(over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
        #expect(result.product == "Type 4 mapping 1.0")
    }

    @Test("A message longer than MLe is read in MLe chunks")
    func multiChunk() throws {
        let (message, bytes) = try F.message(encodedSize: 150)
        let file = [0x00, 150] + bytes
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange(F.selectV2, F.ok),
                .exchange(F.selectCC, F.ok),
                .exchange(F.readBinary(0, 15), F.ccV2(mle: 0x3B, maxSize: 0x7FFF) + F.ok),
                .exchange(F.selectNDEF, F.ok),
                .exchange(F.readBinary(0, 59), Array(file[0..<59]) + F.ok),
                .exchange(F.readBinary(59, 59), Array(file[59..<118]) + F.ok),
                .exchange(F.readBinary(118, 34), Array(file[118..<152]) + F.ok),
            ]
        )
        let result = try Type4Tag(target: F.type4Target).readNDEF(over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
    }

    @Test("The reader's frame limit caps chunks below MLe")
    func readerLimitCapsChunks() throws {
        let (message, bytes) = try F.message(encodedSize: 100)
        let file = [0x00, 100] + bytes
        let limits = TransceiverLimits(maximumCommandLength: 64, maximumResponseLength: 64)
        let script = ScriptedTransceiver(
            limits: limits,
            [
                .exchange(F.selectV2, F.ok),
                .exchange(F.selectCC, F.ok),
                .exchange(F.readBinary(0, 15), F.ccV2(mle: 0xFF, maxSize: 0x0400) + F.ok),
                .exchange(F.selectNDEF, F.ok),
                .exchange(F.readBinary(0, 62), Array(file[0..<62]) + F.ok),
                .exchange(F.readBinary(62, 40), Array(file[62..<102]) + F.ok),
            ]
        )
        let result = try Type4Tag(target: F.type4Target).readNDEF(over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
    }

    @Test("Mapping 3.0: the 17-byte CC is read in two steps and ENLEN is 4 bytes")
    func version3ENLEN() throws {
        let (message, bytes) = try F.message(encodedSize: 30)
        let cc: [UInt8] = [
            0x00, 0x11, 0x30, 0x00, 0xFF, 0x00, 0xFF, 0x06, 0x08, 0xE1, 0x04, 0x00, 0x00, 0x10, 0x00, 0x00, 0xFF,
        ]
        let file = [0x00, 0x00, 0x00, 30] + bytes
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange(F.selectV2, F.ok),
                .exchange(F.selectCC, F.ok),
                .exchange(F.readBinary(0, 15), Array(cc[0..<15]) + F.ok),
                .exchange(F.readBinary(15, 2), Array(cc[15..<17]) + F.ok),
                .exchange(F.selectNDEF, F.ok),
                .exchange(F.readBinary(0, 250), file + F.ok),
            ]
        )
        let result = try Type4Tag(target: F.type4Target).readNDEF(over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
        #expect(result.product == "Type 4 mapping 3.0")
    }

    @Test("NLEN 0 is an empty message")
    func emptyFile() throws {
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange(F.selectV2, F.ok),
                .exchange(F.selectCC, F.ok),
                .exchange(F.readBinary(0, 15), F.ccV2(mle: 0xFF, maxSize: 0x20) + F.ok),
                .exchange(F.selectNDEF, F.ok),
                .exchange(F.readBinary(0, 0x20), [UInt8](repeating: 0, count: 0x20) + F.ok),
            ]
        )
        let result = try Type4Tag(target: F.type4Target).readNDEF(over: script)
        #expect(result.message.records.isEmpty)
    }

    @Test("No NDEF application: both AIDs refused")
    func noApplication() throws {
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange(F.selectV2, [0x6A, 0x82]),
                .exchange(F.selectV1, [0x6A, 0x82]),
            ]
        )
        let error = try #require(throws: TagError.self) { try Type4Tag(target: F.type4Target).readNDEF(over: script) }
        #expect(error.code == .noNDEFApplication)
        #expect(error.statusWord == 0x6A82)
    }

    @Test(
        "Error status words map to typed errors",
        arguments: [
            (UInt16(0x6A82), 1), (UInt16(0x6700), 2), (UInt16(0x6B00), 4), (UInt16(0x6D00), 3),
        ]
    )
    func statusWords(statusWord: UInt16, failingStep: Int) throws {
        let sw: [UInt8] = [UInt8(statusWord >> 8), UInt8(statusWord & 0xFF)]
        let (_, bytes) = try F.message(encodedSize: 10)
        var steps: [ScriptedTransceiver.Step] = [
            .exchange(F.selectV2, F.ok),
            .exchange(F.selectCC, F.ok),
            .exchange(F.readBinary(0, 15), F.ccV2(mle: 0xFF, maxSize: 12) + F.ok),
            .exchange(F.selectNDEF, F.ok),
            .exchange(F.readBinary(0, 12), [0x00, 10] + bytes + F.ok),
        ]
        guard case .exchange(let command, _) = steps[failingStep] else { return }
        steps[failingStep] = .exchange(command, sw)
        steps.removeLast(steps.count - failingStep - 1)
        let script = ScriptedTransceiver(limits: F.limits252, steps)
        let error = try #require(throws: TagError.self) { try Type4Tag(target: F.type4Target).readNDEF(over: script) }
        #expect(error.code == .statusWord)
        #expect(error.statusWord == statusWord)
        #expect(error.command == command)
        #expect(script.isComplete, "\(script.mismatches)")
    }

    @Test("Removal during the second chunk: typed error, no partial message")
    func removalMidRead() throws {
        let (_, bytes) = try F.message(encodedSize: 150)
        let file = [0x00, 150] + bytes
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange(F.selectV2, F.ok),
                .exchange(F.selectCC, F.ok),
                .exchange(F.readBinary(0, 15), F.ccV2(mle: 0x3B, maxSize: 0x7FFF) + F.ok),
                .exchange(F.selectNDEF, F.ok),
                .exchange(F.readBinary(0, 59), Array(file[0..<59]) + F.ok),
                .fail(F.readBinary(59, 59), TransceiveError(.tagRemoved, "field lost")),
            ]
        )
        let error = try #require(throws: TagError.self) { try Type4Tag(target: F.type4Target).readNDEF(over: script) }
        #expect(error.isTagLost)
        #expect(error.command == F.readBinary(59, 59))
    }

    @Test("Responses without a status word, or longer than Le, are invalid")
    func brokenFrames() throws {
        let short = ScriptedTransceiver(limits: F.limits252, [.exchange(F.selectV2, [0x90])])
        let shortError = try #require(throws: TagError.self) {
            try Type4Tag(target: F.type4Target).readNDEF(over: short)
        }
        #expect(shortError.code == .invalidResponse)

        let long = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange(F.selectV2, F.ok),
                .exchange(F.selectCC, F.ok),
                .exchange(F.readBinary(0, 15), F.ccV2(mle: 0xFF, maxSize: 12) + [0x00] + F.ok),
            ]
        )
        let longError = try #require(throws: TagError.self) { try Type4Tag(target: F.type4Target).readNDEF(over: long) }
        #expect(longError.code == .invalidResponse)
    }

    @Test("NLEN beyond the file size announced in the CC is a format error")
    func nlenTooLarge() throws {
        let script = ScriptedTransceiver(
            limits: F.limits252,
            [
                .exchange(F.selectV2, F.ok),
                .exchange(F.selectCC, F.ok),
                .exchange(F.readBinary(0, 15), F.ccV2(mle: 0xFF, maxSize: 0x20) + F.ok),
                .exchange(F.selectNDEF, F.ok),
                .exchange(F.readBinary(0, 0x20), [0x00, 0x40] + [UInt8](repeating: 0, count: 0x1E) + F.ok),
            ]
        )
        let error = try #require(throws: TagError.self) { try Type4Tag(target: F.type4Target).readNDEF(over: script) }
        #expect(error.code == .invalidFormat)
        #expect(error.formatError?.code == .invalidNDEFLength)
    }
}

@Suite("Type 4 extended-length reads")
struct Type4ExtendedLengthTests {
    typealias F = TagFixtures

    @Test("MLe and reader frames above 256: one READ BINARY with an extended Le")
    func extendedLe() throws {
        let (message, bytes) = try F.message(encodedSize: 2048)
        let file = [0x08, 0x00] + bytes
        let limits = TransceiverLimits(maximumCommandLength: 261, maximumResponseLength: 4096)
        let script = ScriptedTransceiver(
            limits: limits,
            [
                .exchange(F.selectV2, F.ok),
                .exchange(F.selectCC, F.ok),
                .exchange(F.readBinary(0, 15), F.ccV2(mle: 0x1000, maxSize: 0x0802) + F.ok),
                .exchange(F.selectNDEF, F.ok),
                .exchange([0x00, 0xB0, 0x00, 0x00, 0x00, 0x08, 0x02], file + F.ok),
            ]
        )
        let result = try Type4Tag(target: F.type4Target).readNDEF(over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
        #expect(result.counters.commands == 5)
    }

    @Test("A chunk of exactly 256 bytes uses the short Le 00")
    func le256() throws {
        let (message, bytes) = try F.message(encodedSize: 254)
        let file = [0x00, 254] + bytes
        let limits = TransceiverLimits(maximumCommandLength: 261, maximumResponseLength: 258)
        let script = ScriptedTransceiver(
            limits: limits,
            [
                .exchange(F.selectV2, F.ok),
                .exchange(F.selectCC, F.ok),
                .exchange(F.readBinary(0, 15), F.ccV2(mle: 0x0100, maxSize: 256) + F.ok),
                .exchange(F.selectNDEF, F.ok),
                .exchange([0x00, 0xB0, 0x00, 0x00, 0x00], file + F.ok),
            ]
        )
        let result = try Type4Tag(target: F.type4Target).readNDEF(over: script)
        #expect(script.isComplete, "\(script.mismatches)")
        #expect(result.message == message)
    }
}

@Suite("Type 4 reads bounded against a trickling tag")
struct Type4TrickleTests {
    typealias F = TagFixtures

    @Test("A tag answering one byte per READ BINARY is cut off with a typed error")
    func trickle() throws {
        let (_, bytes) = try F.message(encodedSize: 40)
        let file = [0x00, 40] + bytes
        var steps: [ScriptedTransceiver.Step] = [
            .exchange(F.selectV2, F.ok),
            .exchange(F.selectCC, F.ok),
            .exchange(F.readBinary(0, 15), F.ccV2(mle: 0xFF, maxSize: 42) + F.ok),
            .exchange(F.selectNDEF, F.ok),
            .exchange(F.readBinary(0, 42), [file[0], file[1], file[2]] + F.ok),
        ]
        // One chunk would do; the reader allows 2 × 1 + 2 = 4 reads in all, so 3 more trickles.
        for offset in 3..<6 {
            steps.append(.exchange(F.readBinary(offset, 42 - offset), [file[offset]] + F.ok))
        }
        let script = ScriptedTransceiver(limits: F.limits252, steps)
        let error = try #require(throws: TagError.self) { try Type4Tag(target: F.type4Target).readNDEF(over: script) }
        #expect(error.code == .invalidResponse)
        #expect(script.isComplete, "\(script.mismatches)")
    }
}
