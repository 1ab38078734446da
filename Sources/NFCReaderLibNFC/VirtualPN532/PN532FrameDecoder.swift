/// Cuts a byte stream from a PN532 host link into frames, strictly and with bounded memory.
///
/// Bytes before a start code (`00 FF`), such as the HSU wake-up preamble `55 55 00 00 …`, are skipped. A damaged
/// frame is reported once as a ``PN532FrameError`` and skipped, so decoding resynchronises on the next start code.
public struct PN532FrameDecoder: Sendable {
    private var buffer: [UInt8] = []
    private var consumed = 0

    /// The most bytes kept while waiting for the rest of a frame.
    public static let maximumBufferedBytes = 4096

    /// Creates an empty decoder.
    public init() {}

    /// Adds received bytes.
    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count > Self.maximumBufferedBytes {
            let excess = buffer.count - Self.maximumBufferedBytes
            buffer.removeFirst(excess)
            consumed += excess
        }
    }

    /// Bytes received but not yet decoded.
    public var bufferedByteCount: Int { buffer.count }

    /// The next complete frame, `nil` when more bytes are needed.
    ///
    /// - Throws: ``PN532FrameError`` for a damaged frame, which is dropped; call again for the following frames.
    public mutating func nextFrame() throws(PN532FrameError) -> PN532Frame? {
        guard let start = startCodeIndex() else {
            // Keep a trailing 00 that may begin a start code; drop the rest.
            let keep = buffer.last == 0x00 ? 1 : 0
            drop(buffer.count - keep)
            return nil
        }
        drop(start)  // buffer now begins with 00 FF
        guard buffer.count >= 4 else { return nil }
        let length = buffer[2]
        let check = buffer[3]
        switch (length, check) {
        case (0x00, 0xFF):
            drop(4)
            return .ack
        case (0xFF, 0x00):
            drop(4)
            return .nack
        case (0x01, 0xFF):
            guard buffer.count >= 7 else { return nil }
            let isError = buffer[4] == 0x7F && buffer[5] == 0x81
            drop(isError ? 7 : 2)
            if isError { return .applicationError }
            throw PN532FrameError(.dataChecksum, offset: consumed, "a 1-byte frame that is not the error frame")
        case (0xFF, 0xFF):
            guard buffer.count >= 7 else { return nil }
            let announced = Int(buffer[4]) << 8 | Int(buffer[5])
            guard (buffer[4] &+ buffer[5] &+ buffer[6]) == 0 else {
                let offset = consumed
                drop(2)
                throw PN532FrameError(.lengthChecksum, offset: offset, "extended length checksum mismatch")
            }
            return try information(headerLength: 7, payloadLength: announced)
        default:
            guard length &+ check == 0 else {
                let offset = consumed
                drop(2)
                throw PN532FrameError(
                    .lengthChecksum,
                    offset: offset,
                    "LEN \(length) and LCS \(check) do not add up to 0"
                )
            }
            return try information(headerLength: 4, payloadLength: Int(length))
        }
    }

    private mutating func information(headerLength: Int, payloadLength: Int) throws(PN532FrameError) -> PN532Frame? {
        guard payloadLength >= 2, payloadLength <= PN532Frame.maximumPayloadLength else {
            let offset = consumed
            drop(2)
            throw PN532FrameError(.invalidLength, offset: offset, "a \(payloadLength)-byte payload")
        }
        let total = headerLength + payloadLength + 1  // + DCS; the postamble is optional on receipt
        guard buffer.count >= total else { return nil }
        let payload = Array(buffer[headerLength..<(headerLength + payloadLength)])
        let dataChecksum = buffer[headerLength + payloadLength]
        let offset = consumed
        guard payload.reduce(dataChecksum, &+) == 0 else {
            drop(2)
            throw PN532FrameError(.dataChecksum, offset: offset, "DCS \(dataChecksum) does not match the payload")
        }
        drop(total)
        if buffer.first == 0x00 { drop(1) }  // postamble
        guard payload[0] == PN532Frame.hostToChip || payload[0] == PN532Frame.chipToHost else {
            throw PN532FrameError(.invalidFrameIdentifier, offset: offset, "TFI \(payload[0])")
        }
        return .information(payload: payload)
    }

    private func startCodeIndex() -> Int? {
        guard buffer.count >= 2 else { return nil }
        for index in 0..<(buffer.count - 1) where buffer[index] == 0x00 && buffer[index + 1] == 0xFF {
            return index
        }
        return nil
    }

    private mutating func drop(_ count: Int) {
        guard count > 0 else { return }
        buffer.removeFirst(min(count, buffer.count))
        consumed += count
        if buffer.count > Self.maximumBufferedBytes {
            consumed += buffer.count
            buffer.removeAll()
        }
    }
}
