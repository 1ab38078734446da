import HukouTesting
import NFCReaderLibNFC
import Testing

@Suite("PN532 HSU frames")
struct PN532FrameTests {
    @Test("Frames encode exactly as libnfc sends and expects them")
    func encoding() {
        // SAMConfiguration(normal) and RFConfiguration(field off) as captured from libnfc's pn532_uart driver.
        #expect(
            PN532Frame.information(payload: [0xD4, 0x14, 0x01]).encoded
                == [0x00, 0x00, 0xFF, 0x03, 0xFD, 0xD4, 0x14, 0x01, 0x17, 0x00]
        )
        #expect(
            PN532Frame.information(payload: [0xD4, 0x32, 0x01, 0x00]).encoded
                == [0x00, 0x00, 0xFF, 0x04, 0xFC, 0xD4, 0x32, 0x01, 0x00, 0xF9, 0x00]
        )
        #expect(
            PN532Frame.response(to: 0x02, [0x32, 0x01, 0x06, 0x07]).encoded.suffix(8) == [
                0xD5, 0x03, 0x32, 0x01, 0x06, 0x07, 0xE8, 0x00,
            ]
        )
        #expect(PN532Frame.ack.encoded == [0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00])
        #expect(PN532Frame.nack.encoded == [0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00])
        #expect(PN532Frame.applicationError.encoded == [0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00])
    }

    @Test("Payloads over 255 bytes use the extended frame")
    func extendedFrame() throws {
        let payload: [UInt8] = [0xD5, 0x43, 0x00] + (0..<259).map { UInt8(truncatingIfNeeded: $0) }
        let encoded = PN532Frame.information(payload: payload).encoded
        #expect(Array(encoded.prefix(8)) == [0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x01, 0x06, 0xF9])
        var decoder = PN532FrameDecoder()
        decoder.append(encoded)
        #expect(try decoder.nextFrame() == .information(payload: payload))
        #expect(try decoder.nextFrame() == nil)
    }

    @Test("The HSU wake-up preamble is skipped and frames split anywhere are reassembled")
    func wakeupAndSplitting() throws {
        let wakeup: [UInt8] = [0x55, 0x55] + [UInt8](repeating: 0, count: 14)
        let stream =
            wakeup + PN532Frame.information(payload: [0xD4, 0x14, 0x01]).encoded + PN532Frame.ack.encoded
            + PN532Frame.information(payload: [0xD4, 0x02]).encoded
        for chunkSize in [1, 2, 3, 7, stream.count] {
            var decoder = PN532FrameDecoder()
            var frames: [PN532Frame] = []
            var index = 0
            while index < stream.count {
                decoder.append(stream[index..<min(index + chunkSize, stream.count)])
                index += chunkSize
                while let frame = try decoder.nextFrame() { frames.append(frame) }
            }
            #expect(
                frames == [.information(payload: [0xD4, 0x14, 0x01]), .ack, .information(payload: [0xD4, 0x02])],
                "chunk size \(chunkSize)"
            )
        }
    }

    @Test("A bad length checksum is reported and decoding resynchronises on the next frame")
    func lengthChecksum() throws {
        var decoder = PN532FrameDecoder()
        decoder.append([0x00, 0x00, 0xFF, 0x03, 0xFC, 0xD4, 0x14, 0x01, 0x17, 0x00])
        decoder.append(PN532Frame.information(payload: [0xD4, 0x02]).encoded)
        #expect {
            try decoder.nextFrame()
        } throws: { error in
            (error as? PN532FrameError)?.code == .lengthChecksum && (error as? PN532FrameError)?.offset == 1
        }
        #expect(try decoder.nextFrame() == .information(payload: [0xD4, 0x02]))
    }

    @Test("A bad data checksum is reported and the frame dropped")
    func dataChecksum() throws {
        var decoder = PN532FrameDecoder()
        decoder.append([0x00, 0x00, 0xFF, 0x03, 0xFD, 0xD4, 0x14, 0x01, 0x18, 0x00])
        #expect(throws: PN532FrameError.self) { try decoder.nextFrame() }
        #expect(try decoder.nextFrame() == nil)
    }

    @Test("An unknown frame identifier is refused")
    func frameIdentifier() throws {
        var decoder = PN532FrameDecoder()
        decoder.append(PN532Frame.information(payload: [0xD6, 0x02]).encoded)
        #expect {
            try decoder.nextFrame()
        } throws: { error in
            (error as? PN532FrameError)?.code == .invalidFrameIdentifier
        }
    }

    @Test("Noise without a start code is dropped, so memory stays bounded")
    func noise() throws {
        var decoder = PN532FrameDecoder()
        for _ in 0..<100 {
            decoder.append([UInt8](repeating: 0x55, count: 1000))
            #expect(try decoder.nextFrame() == nil)
        }
        #expect(decoder.bufferedByteCount <= PN532FrameDecoder.maximumBufferedBytes)
        decoder.append(PN532Frame.ack.encoded)
        #expect(try decoder.nextFrame() == .ack)
    }

    @Test("An extended length beyond what a PN532 carries is refused before waiting for it")
    func oversizedExtendedFrame() throws {
        var decoder = PN532FrameDecoder()
        decoder.append([0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x10, 0x00, 0xF0])
        #expect {
            try decoder.nextFrame()
        } throws: { error in
            (error as? PN532FrameError)?.code == .invalidLength
        }
    }

    @Test("Random frames survive random noise and random splitting; random bytes never break the decoder")
    func randomized() throws {
        var generator = SplitMix64(seed: 0x5EED_0532)
        for _ in 0..<500 {
            let count = Int.random(in: 2...PN532Frame.maximumPayloadLength, using: &generator)
            let payload = [0xD4] + (1..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let noise = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8(0x55) }
            let stream = noise + PN532Frame.information(payload: payload).encoded + PN532Frame.ack.encoded
            var decoder = PN532FrameDecoder()
            var frames: [PN532Frame] = []
            var index = 0
            while index < stream.count {
                let step = Int.random(in: 1...64, using: &generator)
                decoder.append(stream[index..<min(index + step, stream.count)])
                index += step
                while let frame = try decoder.nextFrame() { frames.append(frame) }
            }
            #expect(frames == [.information(payload: payload), .ack])
        }
        var decoder = PN532FrameDecoder()
        for _ in 0..<2000 {
            decoder.append(
                (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator)
                }
            )
            while true {
                do {
                    guard try decoder.nextFrame() != nil else { break }
                } catch {
                    continue
                }
            }
            #expect(decoder.bufferedByteCount <= PN532FrameDecoder.maximumBufferedBytes)
        }
    }
}
