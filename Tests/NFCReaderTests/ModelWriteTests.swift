import HukouTesting
import NDEF
import NFCReader
import NFCReaderLibNFC
import NFCTag
import Testing

@Suite("Writable Type 4 model: writes and faults at every write command", .timeLimit(.minutes(1)))
struct ModelWriteTests {
    static let original = try! NDEFMessage(records: [.uri("https://gaj.example.cn/hukou/qianru")]).encoded()
    static let receipt = try! NDEFMessage(records: [.text(String(repeating: "回执", count: 30), language: "zh")])
        .encoded()
    /// Five APDUs of the read, three of the write.
    static let tapCommands = 8

    static func phone() throws -> Type4TagModel {
        try Type4TagModel(ndefBytes: original, configuration: .receiptPhone)
    }

    @Test("UPDATE BINARY: written at once, length checks, CC and read-only files refused, completed writes counted")
    func updateBinary() throws {
        var model = try Self.phone()
        let ok: [UInt8] = [0x90, 0x00]
        #expect(model.respond(to: [0x00, 0xD6, 0x00, 0x00, 0x02, 0x00, 0x00]) == .data([0x69, 0x86]))
        _ = model.respond(to: [0x00, 0xA4, 0x04, 0x00, 0x07, 0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01, 0x00])
        _ = model.respond(to: [0x00, 0xA4, 0x00, 0x0C, 0x02, 0xE1, 0x03])
        #expect(model.respond(to: [0x00, 0xD6, 0x00, 0x00, 0x01, 0x00]) == .data([0x69, 0x82]))  // the CC file
        _ = model.respond(to: [0x00, 0xA4, 0x00, 0x0C, 0x02, 0xE1, 0x04])
        #expect(model.respond(to: [0x00, 0xD6, 0x00, 0x00, 0x02, 0x00, 0x00]) == .data(ok))
        #expect(model.ndefMessage == [])
        #expect(model.completedNDEFWrites == 0)
        #expect(model.respond(to: [0x00, 0xD6, 0x00, 0x02, 0x03, 0xD0, 0x00, 0x00]) == .data(ok))
        #expect(model.respond(to: [0x00, 0xD6, 0x00, 0x00, 0x02, 0x00, 0x03]) == .data(ok))
        #expect(model.ndefMessage == [0xD0, 0x00, 0x00])
        #expect(model.completedNDEFWrites == 1)
        #expect(model.respond(to: [0x00, 0xD6, 0x08, 0x01, 0x01, 0x00]) == .data([0x6B, 0x00]))  // offset past 2 KiB
        #expect(model.respond(to: [0x00, 0xD6, 0x07, 0xFF, 0x02, 0x00, 0x00]) == .data([0x6A, 0x84]))
        #expect(model.respond(to: [0x00, 0xD6, 0x80, 0x00, 0x01, 0x00]) == .data([0x6A, 0x86]))
        #expect(model.respond(to: [0x00, 0xD6, 0x00, 0x00]) == .data([0x67, 0x00]))

        var small = try Type4TagModel(ndefBytes: [], configuration: .init(maximumCommandLength: 4))
        _ = small.respond(to: [0x00, 0xA4, 0x04, 0x00, 0x07, 0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01, 0x00])
        _ = small.respond(to: [0x00, 0xA4, 0x00, 0x0C, 0x02, 0xE1, 0x04])
        #expect(small.respond(to: [0x00, 0xD6, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5]) == .data([0x67, 0x00]))  // above MLc

        var readOnly = try Type4TagModel(ndefBytes: Self.original, configuration: .init(isWritable: false))
        #expect(readOnly.capabilityContainerFile.last == 0xFF)
        _ = readOnly.respond(to: [0x00, 0xA4, 0x04, 0x00, 0x07, 0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01, 0x00])
        _ = readOnly.respond(to: [0x00, 0xA4, 0x00, 0x0C, 0x02, 0xE1, 0x04])
        #expect(readOnly.respond(to: [0x00, 0xD6, 0x00, 0x00, 0x02, 0x00, 0x00]) == .data([0x69, 0x82]))
        #expect(readOnly.ndefMessage == Self.original)
    }

    @Test("Mapping 3.0 and 1.0 files take the write procedure; a read-only CC is refused before any command")
    func mappings() throws {
        for version in [Type4TagModel.Configuration.MappingVersion.v1, .v2, .v3] {
            let model = try Type4TagModel(
                ndefBytes: Self.original,
                configuration: .init(mappingVersion: version, maximumCommandLength: 0x3B, maximumNDEFFileSize: 600)
            )
            let link = EmulatorTransceiver(
                TagEmulator(model),
                limits: .init(maximumCommandLength: 252, maximumResponseLength: 252)
            )
            let result = Type4WriteScenario.readThenWrite(Self.receipt, target: model.target, over: link)
            let counters = try result.get()
            #expect(counters.commands == 2 + (Self.receipt.count + 0x3A) / 0x3B)
            #expect(link.emulator.model.ndefMessage == Self.receipt)
            #expect(link.emulator.writtenMessages == [Self.receipt])
            let reread = try Type4Tag(target: model.target).readNDEF(over: link)
            #expect(reread.ndefBytes == Self.receipt)
        }
        let readOnly = try Type4TagModel(ndefBytes: Self.original, configuration: .init(isWritable: false))
        let link = EmulatorTransceiver(
            TagEmulator(readOnly),
            limits: .init(maximumCommandLength: 252, maximumResponseLength: 252)
        )
        let result = Type4WriteScenario.readThenWrite(Self.receipt, target: readOnly.target, over: link)
        #expect(throws: TagError.self) { try result.get() }
        #expect((try? result.get()) == nil)
        if case .failure(let error) = result { #expect(error.code == .notWritable) }
        #expect(link.emulator.counters.commands == 5)
    }

    @Test("Simulated reader: read and write in two performs of one presence; faults at every command")
    func simulatedReader() async throws {
        for faults in [FaultPlan.none] + Type4WriteScenario.faultPlans(commands: Self.tapCommands) {
            let reader = SimulatedReader(name: "sim:receipt")
            let run = Task { try await reader.run() }
            defer { run.cancel() }
            var events = reader.events.makeAsyncIterator()
            _ = await events.next()  // ready
            await reader.present(try Self.phone(), faults: faults)
            guard case .tagArrived(let session) = await events.next() else {
                Issue.record("no arrival")
                return
            }
            let target = session.target
            let read = try? await session.perform { transceiver in
                Result { () throws(TagError) in try Type4Tag(target: target).readNDEFFile(over: transceiver) }
            }
            var wrote = false
            if case .success(let (_, file))? = read {
                let receipt = Self.receipt
                let write = try? await session.perform { transceiver in
                    Result { () throws(TagError) in
                        try Type4Tag(target: target).updateNDEF(receipt, in: file, over: transceiver)
                    }
                }
                if case .success(let counters)? = write {
                    wrote = true
                    #expect(counters.commands == 3)
                }
            }
            let model = await reader.lastTagModel
            #expect(
                Type4WriteScenario.leftCleanly(
                    model?.ndefMessage,
                    original: Self.original,
                    written: Self.receipt,
                    reportedSuccess: wrote
                ),
                "\(faults): \(String(describing: model?.ndefMessage?.count))"
            )
            #expect(wrote == (faults == .none), "\(faults)")
            #expect(await reader.writtenNDEFMessages == (wrote ? [Self.receipt] : await reader.writtenNDEFMessages))
            run.cancel()
        }
    }

    @Test("Virtual PN532 (InDataExchange): the write lands; faults at every command leave no half message")
    func virtualPN532() throws {
        for faults in [FaultPlan.none] + Type4WriteScenario.faultPlans(commands: Self.tapCommands) {
            let link = PN532ChipLink(VirtualPN532(tag: TagEmulator(try Self.phone(), faults: faults)))
            guard let target = link.select() else {
                // A tag gone before its first command is not even selected.
                #expect(faults.removeAfter == 0)
                continue
            }
            let result = Type4WriteScenario.readThenWrite(Self.receipt, target: target, over: link)
            let wrote = (try? result.get()) != nil
            #expect(
                Type4WriteScenario.leftCleanly(
                    link.chip.tag?.model.ndefMessage,
                    original: Self.original,
                    written: Self.receipt,
                    reportedSuccess: wrote
                ),
                "\(faults)"
            )
            #expect(wrote == (faults == .none), "\(faults)")
        }
    }
}

/// Carries APDUs to a ``VirtualPN532`` the way libnfc does with InDataExchange (`D4 40 01 …`), without the serial
/// line: a status byte other than 00 is a failed exchange.
final class PN532ChipLink: Transceiver {
    var chip: VirtualPN532
    let limits = TransceiverLimits(maximumCommandLength: 252, maximumResponseLength: 252)

    init(_ chip: VirtualPN532) {
        self.chip = chip
    }

    /// Lists the tag (InListPassiveTarget with automatic RATS) and returns what the reader saw.
    func select() -> DetectedTarget? {
        _ = chip.handle(.information(payload: [0xD4, 0x32, 0x01, 0x01]))  // RF field on
        _ = chip.handle(.information(payload: [0xD4, 0x12, 0x14]))  // automatic RATS
        guard
            case .respond(.information(let payload), _) = chip.handle(.information(payload: [0xD4, 0x4A, 0x01, 0x00])),
            payload.count > 3, payload[2] == 1
        else { return nil }
        return chip.tag?.target
    }

    func transceive(_ command: [UInt8], timeout: Duration) throws(TransceiveError) -> [UInt8] {
        guard
            case .respond(.information(let payload), _) = chip.handle(
                .information(payload: [0xD4, 0x40, 0x01] + command)
            ),
            payload.count >= 3
        else { throw TransceiveError(.readerUnavailable, "no answer from the chip") }
        switch payload[2] {
        case 0x00: return Array(payload.dropFirst(3))
        case 0x01: throw TransceiveError(.timeout, "the tag did not answer")
        default: throw TransceiveError(.transmission, "PN532 status \(payload[2])")
        }
    }
}
