import HukouText
import NDEF
public import NFCTag

/// Speaks Type 2 native commands to a memory tag that a PC/SC reader presents as a storage card (PC/SC Part 3).
///
/// The reader does not pass raw frames to such a tag, so commands are translated: READ `30 pp` becomes
/// READ BINARY `FF B0 00 pp 10` (16 bytes = four pages, as a Type 2 READ returns). FAST_READ, GET_VERSION and the
/// rest have no Part 3 form and throw ``NFCTag/TransceiveError/Code/commandNotSupported``, so the Type 2 protocol
/// falls back to READ. A refusal status word is answered as a Type 2 NAK (`00`), as the chip itself would for an
/// address outside its memory.
final class PCSCStorageCardTransceiver: Transceiver {
    private let card: any Transceiver

    /// One READ returns 16 bytes; that is the largest response a Type 2 protocol can ask for here.
    let limits = TransceiverLimits(maximumCommandLength: 2, maximumResponseLength: 16)

    /// Translates onto `card`, the APDU path to the reader (``PCSCCardTransceiver`` in production).
    init(card: any Transceiver) {
        self.card = card
    }

    func transceive(_ command: [UInt8], timeout: Duration) throws(TransceiveError) -> [UInt8] {
        let apdu = try Self.translate(command)
        let response = try card.transceive(apdu, timeout: timeout)
        return try Self.readResult(response, page: command[1])
    }

    /// The Part 3 APDU for a Type 2 command.
    static func translate(_ command: [UInt8]) throws(TransceiveError) -> [UInt8] {
        guard let opcode = command.first else {
            throw TransceiveError(.commandNotSupported, "empty Type 2 command")
        }
        switch opcode {
        case 0x30 where command.count == 2:
            return [0xFF, 0xB0, 0x00, command[1], 0x10]
        case 0x30:
            throw TransceiveError(.commandNotSupported, "READ needs exactly one page byte, got \(command.count - 1)")
        case 0x3A:
            throw TransceiveError(.commandNotSupported, "FAST_READ cannot pass through a PC/SC storage-card reader")
        case 0x60:
            throw TransceiveError(.commandNotSupported, "GET_VERSION cannot pass through a PC/SC storage-card reader")
        default:
            let hex = String(opcode, radix: 16, uppercase: true)
            throw TransceiveError(.commandNotSupported, "Type 2 command 0x\(hex) has no PC/SC Part 3 form")
        }
    }

    /// The 16 data bytes of a READ BINARY response, or a NAK for a refusal.
    static func readResult(_ response: [UInt8], page: UInt8) throws(TransceiveError) -> [UInt8] {
        guard response.count >= 2 else {
            throw TransceiveError(.tagRemoved, "READ BINARY page \(page): \(response.count) bytes, no status word")
        }
        let data = response.dropLast(2)
        let sw1 = response[response.count - 2]
        let sw2 = response[response.count - 1]
        guard sw1 == 0x90, sw2 == 0x00 else {
            switch sw1 {
            case 0x6A, 0x6B, 0x69, 0x6C, 0x67, 0x62:
                return [0x00]  // refused: as a Type 2 NAK
            default:
                let status = Hex.encode([sw1, sw2])
                throw TransceiveError(.transmission, "READ BINARY page \(page) failed with status \(status)")
            }
        }
        guard data.count == 16 else {
            throw TransceiveError(.transmission, "READ BINARY page \(page) returned \(data.count) bytes, not 16")
        }
        return Array(data)
    }
}
