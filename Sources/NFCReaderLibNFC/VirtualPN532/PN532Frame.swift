/// One frame on a PN532's host link (HSU, the high-speed UART), in either direction.
///
/// On the wire: preamble `00`, start code `00 FF`, then `LEN LCS TFI PD… DCS` and postamble `00`, with
/// `LEN + LCS ≡ 0` and `TFI + PD… + DCS ≡ 0` (mod 256). Payloads over 255 bytes use the extended form
/// `FF FF LENM LENL LCS`. TFI is `D4` from host to chip and `D5` back.
public enum PN532Frame: Hashable, Sendable {
    /// `00 00 FF 00 FF 00`: the chip took the command; from the host, it aborts the command in progress.
    case ack
    /// `00 00 FF FF 00 00`: asks the other side to send its last frame again.
    case nack
    /// `00 00 FF 01 FF 7F 81 00`: the chip found a syntax error in the command (application-level error).
    case applicationError
    /// A normal or extended information frame; `payload` starts with the TFI (`D4` or `D5`) and the command code.
    case information(payload: [UInt8])

    /// The frame identifier of host-to-chip information frames.
    public static let hostToChip: UInt8 = 0xD4
    /// The frame identifier of chip-to-host information frames.
    public static let chipToHost: UInt8 = 0xD5
    /// The most payload bytes (TFI included) a PN532 frame can carry.
    public static let maximumPayloadLength = 265

    /// The bytes on the wire.
    public var encoded: [UInt8] {
        switch self {
        case .ack: return [0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00]
        case .nack: return [0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00]
        case .applicationError: return [0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00]
        case .information(let payload):
            var frame: [UInt8] = [0x00, 0x00, 0xFF]
            if payload.count <= 255 {
                let length = UInt8(payload.count)
                frame += [length, 0 &- length]
            } else {
                let high = UInt8(truncatingIfNeeded: payload.count >> 8)
                let low = UInt8(truncatingIfNeeded: payload.count)
                frame += [0xFF, 0xFF, high, low, 0 &- (high &+ low)]
            }
            frame += payload
            frame.append(0 &- payload.reduce(0, &+))
            frame.append(0x00)
            return frame
        }
    }

    /// An information frame from the chip answering `command` (the response code is `command + 1`).
    public static func response(to command: UInt8, _ data: [UInt8] = []) -> PN532Frame {
        .information(payload: [chipToHost, command &+ 1] + data)
    }
}
