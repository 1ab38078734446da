public import NFCReader
import NFCTag

/// A tag model as a contactless PC/SC reader presents it to pcscd, answering the vpcd protocol's messages.
///
/// A Type 4 model takes APDUs as they come. A Type 2 model (NTAG, Ultralight) is shown as a PC/SC Part 3 storage
/// card: the ATR `3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 03 …`, GET DATA `FF CA 00 00 00` for the UID, and
/// READ BINARY `FF B0 00 pp Le` mapped to the tag's own READ `30 pp`. The reader's own pseudo-APDUs (`FF CA`) do
/// not count as tag commands for the ``NFCReader/FaultPlan``.
///
/// This type holds only the protocol logic; ``VirtualPCSCCardConnection`` carries it over TCP to pcscd.
public struct VirtualPCSCCard: Sendable {
    /// What to do after one message from pcscd.
    public enum Reply: Hashable, Sendable {
        /// Send these bytes back (framed).
        case send([UInt8])
        /// Send nothing (power on/off and reset take no answer).
        case none
        /// The tag left: close the connection, which vpcd reports to pcscd as card removal.
        case remove
        /// The reader vanished: close the connection and stop.
        case unplug
    }

    /// The tag and its faults.
    public private(set) var emulator: TagEmulator
    /// The ATR the card announces.
    public let answerToReset: PCSCAnswerToReset
    private let isStorageCard: Bool

    /// Puts `model` on the virtual reader with `faults` applied to its commands; `onNDEFWritten` is told each NDEF
    /// message a reader writes completely (``NFCReader/TagEmulator/onNDEFWritten``).
    public init(
        model: any TagModel,
        faults: FaultPlan = .none,
        onNDEFWritten: (@Sendable ([UInt8]) -> Void)? = nil
    ) {
        emulator = TagEmulator(model, faults: faults)
        emulator.onNDEFWritten = onNDEFWritten
        switch model.kind {
        case .type4:
            isStorageCard = false
            answerToReset = .isoDEPWithoutHistoricalBytes
        case .mifareClassic1K:
            isStorageCard = true
            answerToReset = .storageCard(cardName: PCSCAnswerToReset.CardName.mifareClassic1K)
        case .ntag213, .ntag215, .ntag216, .ultralight, .ultralightEV1:
            isStorageCard = true
            answerToReset = .storageCard(cardName: PCSCAnswerToReset.CardName.mifareUltralight)
        }
    }

    /// Answers one message from vpcd (a control byte or a C-APDU); malformed APDUs get an error status word.
    public mutating func handle(_ message: [UInt8]) -> Reply {
        if message.count == 1 {
            switch message[0] {
            case 0x04: return .send(answerToReset.bytes)
            case 0x01, 0x02:
                emulator.reselect()
                return .none
            default: return .none
            }
        }
        guard message.count >= 4 else { return .send([0x67, 0x00]) }
        if message[0] == 0xFF { return readerCommand(message) }
        if isStorageCard { return .send([0x6E, 0x00]) }
        switch exchange(message) {
        case .success(let bytes): return .send(bytes)
        case .failure(let failure): return failure.reply
        }
    }

    /// The pseudo-APDUs of class FF that a PC/SC reader answers itself (PC/SC Part 3).
    private mutating func readerCommand(_ apdu: [UInt8]) -> Reply {
        switch (apdu[1], apdu[2], apdu[3]) {
        case (0xCA, 0x00, 0x00):
            return .send(emulator.target.uid + [0x90, 0x00])
        case (0xB0, 0x00, let page) where isStorageCard:
            let wanted = apdu.count >= 5 ? Int(apdu[4]) : 16
            guard (1...16).contains(wanted) else { return .send([0x6C, 0x10]) }
            switch exchange([0x30, page]) {
            case .failure(let failure):
                return failure.reply
            case .success(let data) where data.count == 1:
                // A NAK: the reader re-selects the muted tag and reports the refusal.
                emulator.reselect()
                return .send([0x6A, 0x82])
            case .success(let data) where data.count < wanted:
                return .send([0x64, 0x00])
            case .success(let data):
                return .send(Array(data.prefix(wanted)) + [0x90, 0x00])
            }
        case (0xB0, _, _) where isStorageCard:
            return .send([0x6B, 0x00])
        default:
            return .send([0x6A, 0x81])
        }
    }

    /// Why a tag command got no usable answer, as the reply that tells pcscd.
    private struct NoAnswer: Error {
        let reply: Reply
    }

    /// One command to the tag through the fault plan.
    private mutating func exchange(_ command: [UInt8]) -> Result<[UInt8], NoAnswer> {
        switch emulator.exchange(command) {
        case .response(let bytes), .corrupted(let bytes):
            return .success(bytes)
        case .noResponse, .tagRemoved:
            // A reader reports a mute card as a failed exchange; vpcd can only say that with "removed".
            return .failure(NoAnswer(reply: .remove))
        case .readerUnplugged:
            return .failure(NoAnswer(reply: .unplug))
        }
    }
}
