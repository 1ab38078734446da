import NDEF
import Testing

/// Seeded property tests: encode ∘ decode is the identity, and no proper prefix of a message decodes.
@Suite struct NDEFRoundTripTests {
    @Test(arguments: [1, 2, 3, 0x5EED, 20_261_129] as [UInt64])
    func encodeThenDecodeIsIdentity(seed: UInt64) throws {
        var generator = MessageGenerator(seed: seed)
        for _ in 0..<150 {
            let message = generator.message()
            let options = generator.encodingOptions()
            let bytes = try message.encoded(options: options)
            let decoded = try NDEFMessage(decoding: bytes)
            #expect(decoded == message, "seed \(seed), options \(options)")
            for record in decoded.records where record.isWellKnown("T") || record.isWellKnown("U") {
                #expect(
                    (try? record.decodeText()) != nil || (try? record.decodeURI()) != nil,
                    "seed \(seed): generated well-known record does not decode"
                )
            }
        }
    }

    @Test func chunkedLongRecordRoundTrips() throws {
        var generator = MessageGenerator(seed: 42)
        let payload = generator.bytes(300_000)
        let record = NDEFRecord(typeNameFormat: .media, type: "application/octet-stream", id: [9], payload: payload)
        for chunkSize in [1000, 65_536, 299_999] {
            let bytes = try NDEFMessage(record).encoded(options: .init(chunkSize: chunkSize))
            #expect(try NDEFMessage(decoding: bytes).records == [record])
        }
        let unchunked = try NDEFMessage(record).encoded()
        #expect(unchunked[0] & 0x10 == 0, "a 300 000-byte payload needs the 4-byte length")
        #expect(try NDEFMessage(decoding: unchunked).records == [record])
    }

    @Test(arguments: [7, 8, 9] as [UInt64])
    func everyProperPrefixIsRejected(seed: UInt64) throws {
        var generator = MessageGenerator(seed: seed)
        generator.allowsLongPayloads = false
        for _ in 0..<40 {
            let message = generator.message()
            let bytes = try message.encoded(options: generator.encodingOptions())
            for length in 0..<bytes.count {
                let error = #expect(throws: NDEFDecodingError.self) {
                    try NDEFMessage(decoding: Array(bytes[..<length]))
                }
                #expect(error.map { $0.offset >= 0 && $0.offset <= length } == true)
            }
        }
    }

    @Test(arguments: [11, 12] as [UInt64])
    func mutatedMessagesNeverTrap(seed: UInt64) throws {
        var generator = MessageGenerator(seed: seed)
        generator.allowsLongPayloads = false
        var accepted = 0
        var rejected = 0
        for _ in 0..<5_000 {
            var bytes = try generator.message().encoded(options: generator.encodingOptions())
            for _ in 0...generator.int(0...2) {
                bytes[generator.int(0...bytes.count - 1)] ^= UInt8(1 << generator.int(0...7))
            }
            do {
                let message = try NDEFMessage(decoding: bytes)
                accepted += 1
                #expect(try NDEFMessage(decoding: message.encoded()) == message)
            } catch let error as NDEFDecodingError {
                rejected += 1
                #expect(error.offset >= 0 && error.offset <= bytes.count)
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
        #expect(accepted > 0 && rejected > 0)
    }
}

/// Reassembly cost must stay linear in the input: a payload of many tiny chunks is appended in place, never
/// copied again per chunk (which would make a 1 MiB message of 1-byte chunks cost hundreds of gigabytes).
@Suite struct NDEFChunkScalingTests {
    @Test func manyOneByteChunksDecode() throws {
        let count = 262_144
        let record = NDEFRecord(typeNameFormat: .unknown, payload: (0..<count).map { UInt8(truncatingIfNeeded: $0) })
        let bytes = try NDEFMessage(record).encoded(options: .init(chunkSize: 1))
        #expect(bytes.count == count * 4)
        #expect(try NDEFMessage(decoding: bytes).records == [record])
    }
}
