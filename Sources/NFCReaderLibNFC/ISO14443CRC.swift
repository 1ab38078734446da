/// CRC_A of ISO/IEC 14443-3 (initial value 0x6363, reflected polynomial 0x8408), sent least significant byte first.
///
/// The backend appends it to raw Type 2 frames and checks it on their answers; the virtual PN532 does the reverse.
enum ISO14443CRC {
    /// The two CRC_A bytes of `bytes`, in transmission order.
    static func crcA<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var crc: UInt16 = 0x6363
        for byte in bytes {
            var value = byte ^ UInt8(truncatingIfNeeded: crc)
            value ^= value << 4
            crc = (crc >> 8) ^ (UInt16(value) << 8) ^ (UInt16(value) << 3) ^ (UInt16(value) >> 4)
        }
        return [UInt8(truncatingIfNeeded: crc), UInt8(truncatingIfNeeded: crc >> 8)]
    }

    /// `frame` with its CRC_A appended.
    static func appending(to frame: [UInt8]) -> [UInt8] {
        frame + crcA(frame)
    }

    /// The frame without its trailing CRC_A, or `nil` when it is shorter than 3 bytes or the CRC does not match.
    static func stripping(_ frame: [UInt8]) -> [UInt8]? {
        guard frame.count >= 3 else { return nil }
        let body = frame.prefix(frame.count - 2)
        guard crcA(body) == Array(frame.suffix(2)) else { return nil }
        return Array(body)
    }
}
