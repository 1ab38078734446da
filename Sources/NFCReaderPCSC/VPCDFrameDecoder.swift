/// The framing of the vsmartcard vpcd protocol: every message, both ways, is a 2-byte big-endian length followed
/// by that many bytes. A 1-byte message from pcscd is a control byte (00 power off, 01 power on, 02 reset, 04 get
/// ATR); anything longer is a C-APDU. A 0-length answer tells vpcd the card was removed.
///
/// The decoder accumulates bytes as they come off the socket and hands out whole messages; a message can never be
/// longer than 65535 bytes, so the buffer stays bounded.
struct VPCDFrameDecoder {
    private var buffer: [UInt8] = []

    /// Appends bytes received from the socket.
    mutating func append(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next whole message, or nil until enough bytes arrived.
    mutating func nextMessage() -> [UInt8]? {
        guard buffer.count >= 2 else { return nil }
        let length = Int(buffer[0]) << 8 | Int(buffer[1])
        guard buffer.count >= 2 + length else { return nil }
        let message = Array(buffer[2..<(2 + length)])
        buffer.removeFirst(2 + length)
        return message
    }

    /// Frames `payload` for sending; nil when it is too long for the 16-bit length.
    static func frame(_ payload: [UInt8]) -> [UInt8]? {
        guard payload.count <= 0xFFFF else { return nil }
        return [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)] + payload
    }
}
