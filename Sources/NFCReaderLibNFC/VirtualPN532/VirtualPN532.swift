public import NFCReader
import NFCTag

/// The command set of an NXP PN532 as libnfc's `pn532_uart` driver uses it, in front of an emulated tag.
///
/// Pure state: ``handle(_:)`` takes one frame from the host and says what the chip does. ``VirtualPN532Device``
/// puts it on a pseudo-terminal with real time. The tag is a shared ``TagEmulator`` (the same models and fault
/// plans as the simulated reader); InDataExchange and InCommunicateThru go to it, and a mute or absent tag
/// answers with the PN532's timeout status `0x01`, never a made-up success.
public struct VirtualPN532: Sendable {
    /// What the chip does with one frame from the host.
    public enum Action: Hashable, Sendable {
        /// Nothing (a stray ACK or NACK, or a damaged frame the chip ignores).
        case ignore
        /// ACK, then this response after `delay` (the time a poll would take).
        case respond(PN532Frame, after: Duration)
        /// ACK, then nothing until the host aborts: an endless poll with no tag in the field.
        case hold
        /// ACK, then the syntax-error frame: a command this chip does not know or malformed parameters.
        case reject
        /// The device disappears (USB unplugged / serial link gone).
        case vanish
    }

    /// PN532 command codes (user manual UM0701-02, §7).
    public enum Command {
        /// Self-tests; test 0x00 echoes its data (libnfc checks the link with it).
        public static let diagnose: UInt8 = 0x00
        /// IC, version, revision and supported protocols.
        public static let getFirmwareVersion: UInt8 = 0x02
        /// Last error, field state and the targets in use.
        public static let getGeneralStatus: UInt8 = 0x04
        /// Reads CIU and SFR registers, one byte each.
        public static let readRegister: UInt8 = 0x06
        /// Writes CIU and SFR registers.
        public static let writeRegister: UInt8 = 0x08
        /// Internal flags (automatic ATR_RES and RATS, NAD, CID).
        public static let setParameters: UInt8 = 0x12
        /// Security-module mode; also takes the chip out of low-VBat mode.
        public static let samConfiguration: UInt8 = 0x14
        /// Puts the chip to sleep until the next frame.
        public static let powerDown: UInt8 = 0x16
        /// RF field, timings and retry counts.
        public static let rfConfiguration: UInt8 = 0x32
        /// Exchanges data with a selected target, the chip framing it (ISO-DEP blocks, MIFARE).
        public static let inDataExchange: UInt8 = 0x40
        /// Sends raw bytes to the target; CRC and parity per the CIU registers.
        public static let inCommunicateThru: UInt8 = 0x42
        /// Deselects the target, keeping its data.
        public static let inDeselect: UInt8 = 0x44
        /// Activates up to two targets of one modulation.
        public static let inListPassiveTarget: UInt8 = 0x4A
        /// Releases the target.
        public static let inRelease: UInt8 = 0x52
        /// Selects a target activated earlier.
        public static let inSelect: UInt8 = 0x54
        /// Polls for targets of several types, the chip timing the rounds itself.
        public static let inAutoPoll: UInt8 = 0x60
    }

    /// PN532 status bytes used in answers.
    public enum Status {
        /// Success.
        public static let ok: UInt8 = 0x00
        /// The target did not answer in time.
        public static let timeout: UInt8 = 0x01
        /// CRC error in the target's answer.
        public static let crcError: UInt8 = 0x02
        /// A MIFARE target answered with a NAK. How a real PN532 reports a NAK to InDataExchange is not documented;
        /// the emulator uses this MIFARE error status (unverified against a chip). hukou itself sends Type 2
        /// commands through InCommunicateThru, where the NAK arrives as data.
        public static let mifareNAK: UInt8 = 0x14
        /// The command is not acceptable in the current context (no target selected).
        public static let wrongContext: UInt8 = 0x27
    }

    private static let txModeRegister: UInt16 = 0x6302
    private static let rxModeRegister: UInt16 = 0x6303
    private static let crcEnable: UInt8 = 0x80
    private static let autoRATS: UInt8 = 0x10

    /// The tag in the field, if any; it leaves by its fault plan or ``removeTag()``.
    public private(set) var tag: TagEmulator?
    /// After how many host commands the device vanishes; `nil` = never.
    public var vanishAfter: Int?
    /// After how many host commands the chip wedges: it still acknowledges frames but never answers again.
    public var wedgeAfter: Int?
    /// Host commands handled so far (information frames).
    public private(set) var hostCommands = 0
    /// The last host command codes, oldest first, for traces (bounded).
    public private(set) var recentCommands: [UInt8] = []

    private var registers: [UInt16: UInt8] = [txModeRegister: crcEnable, rxModeRegister: crcEnable]
    private var parameters: UInt8 = 0
    private var passiveActivationRetries: UInt8 = 0xFF
    private var fieldOn = true
    private var selected = false
    /// A tag that has not entered the field yet (see ``tagEntersField()``).
    private var arrivingTag: TagEmulator?
    /// The poll (InListPassiveTarget or InAutoPoll) still waiting for a target, as sent by the host.
    private var waitingPoll: [UInt8]?

    /// A PN532 with `tag` in its field (or an empty field).
    ///
    /// - Parameter arrivesLater: keep the tag out of the field until ``tagEntersField()``, as when a citizen taps
    ///   while the reader is already polling.
    public init(tag: TagEmulator?, vanishAfter: Int? = nil, wedgeAfter: Int? = nil, arrivesLater: Bool = false) {
        if arrivesLater {
            arrivingTag = tag
        } else {
            self.tag = tag
        }
        self.vanishAfter = vanishAfter
        self.wedgeAfter = wedgeAfter
    }

    /// The tag held back by `arrivesLater` enters the field. A poll still waiting for a target finds it at once:
    /// the returned action answers that poll (`nil` when no poll was waiting).
    public mutating func tagEntersField() -> Action? {
        guard let arrivingTag else { return nil }
        tag = arrivingTag
        self.arrivingTag = nil
        guard let poll = waitingPoll, poll.count >= 2 else { return nil }
        waitingPoll = nil
        let data = Array(poll.dropFirst(2))
        let action = poll[1] == Command.inAutoPoll ? inAutoPoll(data) : inListPassiveTarget(data)
        guard case .respond(let frame, _) = action, case .information(let payload) = frame, payload.count > 2,
            payload[2] != 0x00
        else { return nil }
        return .respond(frame, after: .zero)
    }

    /// The tag leaves the field.
    public mutating func removeTag() {
        tag?.remove()
    }

    /// Handles one frame from the host.
    public mutating func handle(_ frame: PN532Frame) -> Action {
        waitingPoll = nil  // a new command or the host's ACK ends whatever the chip was waiting for
        guard case .information(let payload) = frame else { return .ignore }
        guard payload.count >= 2, payload[0] == PN532Frame.hostToChip else { return .ignore }
        if let vanishAfter, hostCommands >= vanishAfter { return .vanish }
        if let wedgeAfter, hostCommands >= wedgeAfter { return .hold }
        hostCommands += 1
        let command = payload[1]
        recentCommands.append(command)
        if recentCommands.count > 64 { recentCommands.removeFirst() }
        let data = Array(payload.dropFirst(2))
        switch command {
        case Command.diagnose:
            // Test 0x00 (communication line) echoes its data; the others report success.
            return respond(command, data.first == 0x00 ? data : [Status.ok])
        case Command.getFirmwareVersion:
            return respond(command, [0x32, 0x01, 0x06, 0x07])  // PN532, firmware 1.6, ISO 14443A/B + FeliCa
        case Command.getGeneralStatus:
            var status: [UInt8] = [0x00, fieldOn ? 0x01 : 0x00, selected ? 0x01 : 0x00]
            if selected { status += [0x01, 0x00, 0x00, 0x00] }
            return respond(command, status + [0x00])
        case Command.readRegister:
            guard data.count >= 2, data.count % 2 == 0 else { return .reject }
            let values = stride(from: 0, to: data.count, by: 2).map { index in
                registers[UInt16(data[index]) << 8 | UInt16(data[index + 1]), default: 0]
            }
            return respond(command, values)
        case Command.writeRegister:
            guard data.count >= 3, data.count % 3 == 0 else { return .reject }
            for index in stride(from: 0, to: data.count, by: 3) {
                registers[UInt16(data[index]) << 8 | UInt16(data[index + 1])] = data[index + 2]
            }
            return respond(command)
        case Command.setParameters:
            guard data.count == 1 else { return .reject }
            parameters = data[0]
            return respond(command)
        case Command.samConfiguration:
            guard !data.isEmpty else { return .reject }
            return respond(command)
        case Command.powerDown:
            fieldOn = false
            selected = false
            return respond(command, [Status.ok])
        case Command.rfConfiguration:
            return rfConfiguration(data)
        case Command.inListPassiveTarget:
            return waitingForTarget(payload, inListPassiveTarget(data))
        case Command.inAutoPoll:
            return waitingForTarget(payload, inAutoPoll(data))
        case Command.inDataExchange:
            guard data.count >= 2, data[0] == 0x01 else { return data.isEmpty ? .reject : statusOnly(command, 0x27) }
            return exchange(command, Array(data.dropFirst()), raw: false)
        case Command.inCommunicateThru:
            guard !data.isEmpty else { return .reject }
            return exchange(command, data, raw: true)
        case Command.inDeselect, Command.inRelease:
            selected = false
            return respond(command, [Status.ok])
        case Command.inSelect:
            guard let tag, tag.isPresent else { return statusOnly(command, Status.timeout) }
            selected = true
            return respond(command, [Status.ok])
        default:
            return .reject
        }
    }

    // MARK: - Commands

    private mutating func rfConfiguration(_ data: [UInt8]) -> Action {
        guard let item = data.first else { return .reject }
        switch item {
        case 0x01:  // RF field
            guard data.count == 2 else { return .reject }
            fieldOn = data[1] & 0x01 != 0
            if !fieldOn { selected = false }
        case 0x05:  // MxRtyATR, MxRtyPSL, MxRtyPassiveActivation
            guard data.count == 4 else { return .reject }
            passiveActivationRetries = data[3]
        default:
            break  // timings and analog settings: accepted, nothing to emulate
        }
        return respond(Command.rfConfiguration)
    }

    /// Remembers a poll that found nothing yet, so a tag entering the field can answer it.
    private mutating func waitingForTarget(_ payload: [UInt8], _ action: Action) -> Action {
        switch action {
        case .hold: waitingPoll = payload
        case .respond(.information(let answer), let delay) where delay > .zero && answer.count == 3:
            waitingPoll = payload
        default: break
        }
        return action
    }

    private mutating func inListPassiveTarget(_ data: [UInt8]) -> Action {
        guard data.count >= 2, data[0] >= 1 else { return .reject }
        let command = Command.inListPassiveTarget
        guard data[1] == 0x00, let targetData = activateTag(requestedUID: Array(data.dropFirst(2)), withATS: true)
        else {
            if passiveActivationRetries == 0xFF { return .hold }
            // A finite retry count: each activation attempt is about 5 ms of RF time.
            return .respond(
                .response(to: command, [0x00]),
                after: .milliseconds(5 * (Int(passiveActivationRetries) + 1))
            )
        }
        return respond(command, [0x01] + targetData)
    }

    private mutating func inAutoPoll(_ data: [UInt8]) -> Action {
        guard data.count >= 3 else { return .reject }
        let (rounds, period, types) = (data[0], data[1], Array(data.dropFirst(2)))
        guard rounds >= 1, (1...15).contains(period) else { return .reject }
        let isISODEP = (tag?.target.selRes ?? 0) & 0x20 != 0
        // The first requested type this tag can be found as: ISO-DEP (0x20), MIFARE (0x10) or generic (0x00).
        let type = types.first { type in
            type == 0x00 || type == 0x10 || (type == 0x20 && isISODEP)
        }
        guard let type, let targetData = activateTag(requestedUID: [], withATS: type != 0x10) else {
            if rounds == 0xFF { return .hold }
            let wait = Duration.milliseconds(150 * Int(period) * Int(rounds))
            return .respond(.response(to: Command.inAutoPoll, [0x00]), after: wait)
        }
        return respond(Command.inAutoPoll, [0x01, type, UInt8(targetData.count)] + targetData)
    }

    /// Wakes and selects the tag; returns `Tg SENS_RES SEL_RES NFCIDLength NFCID1 [ATS]`, or `nil` if none answers.
    private mutating func activateTag(requestedUID: [UInt8], withATS: Bool) -> [UInt8]? {
        applyPlannedRemoval()
        guard fieldOn, var tag, tag.isPresent else { return nil }
        let target = tag.target
        guard requestedUID.isEmpty || Self.uncascaded(requestedUID) == target.uid else { return nil }
        tag.reselect()
        self.tag = tag
        selected = true
        var data: [UInt8] = [0x01] + (target.sensRes ?? [0x00, 0x04]) + [target.selRes ?? 0x00]
        data += [UInt8(truncatingIfNeeded: target.uid.count)] + target.uid
        let isISODEP = (target.selRes ?? 0) & 0x20 != 0
        if withATS, isISODEP, parameters & Self.autoRATS != 0 {
            // The ATS goes out whole, its first byte TL counting itself (libnfc strips it again).
            var ats = target.ats ?? [0x05, 0x75, 0x77, 0x81, 0x02]
            if ats.first.map(Int.init) != ats.count { ats.insert(UInt8(truncatingIfNeeded: ats.count + 1), at: 0) }
            data += ats
        }
        return data
    }

    /// Takes the tag away when its fault plan says it has left, even if the command that would notice is not one
    /// the model sees (a selection, an ISO-DEP presence check).
    private mutating func applyPlannedRemoval() {
        guard var tag, let removeAfter = tag.faults.removeAfter, tag.counters.commands >= removeAfter else { return }
        tag.remove()
        self.tag = tag
    }

    /// A UID given to InListPassiveTarget as the anticollision cascade sends it (`88` before each further level),
    /// as libnfc does, back to the plain UID.
    static func uncascaded(_ uid: [UInt8]) -> [UInt8] {
        switch uid.count {
        case 8 where uid[0] == 0x88: Array(uid[1...])
        case 12 where uid[0] == 0x88 && uid[4] == 0x88: Array(uid[1..<4]) + Array(uid[5...])
        default: uid
        }
    }

    private mutating func exchange(_ command: UInt8, _ frame: [UInt8], raw: Bool) -> Action {
        guard selected, var tag else { return statusOnly(command, Status.timeout) }
        // Only ISO 14443A framing at 106 kbit/s reaches the tag (TxMode bits 0-1: 00 = A, 11 = B, 10 = FeliCa).
        guard registers[Self.txModeRegister, default: 0] & 0x73 == 0 else { return statusOnly(command, Status.timeout) }
        let isISODEP = (tag.target.selRes ?? 0) & 0x20 != 0
        let txCRC = !raw || (registers[Self.txModeRegister, default: 0] & Self.crcEnable != 0)
        let rxCRC = !raw || (registers[Self.rxModeRegister, default: 0] & Self.crcEnable != 0)
        var tagFrame = frame
        if !txCRC {
            // The host computed the CRC; a tag ignores a frame whose CRC is wrong.
            guard let body = ISO14443CRC.stripping(frame) else { return statusOnly(command, Status.timeout) }
            tagFrame = body
        }
        if raw, isISODEP, let block = tagFrame.first, block & 0xE6 == 0xA2, tagFrame.count == 1 {
            // R(NAK) from the host (libnfc's presence check): the PICC acknowledges with R(ACK).
            applyPlannedRemoval()
            guard self.tag?.isPresent == true else { return statusOnly(command, Status.timeout) }
            return answer(command, [0xA2 | (block & 0x01)], rxCRC: rxCRC)
        }
        let outcome = tag.exchange(tagFrame)
        self.tag = tag
        switch outcome {
        case .response(let bytes):
            if bytes.count == 1, !isISODEP {
                // A 4-bit ACK/NAK has no CRC; with the chip checking CRC it cannot be delivered as data.
                if !raw {
                    return bytes[0] == 0x0A ? respond(command, [Status.ok]) : statusOnly(command, Status.mifareNAK)
                }
                return rxCRC ? statusOnly(command, Status.crcError) : respond(command, [Status.ok, bytes[0]])
            }
            return answer(command, bytes, rxCRC: rxCRC)
        case .corrupted(let bytes):
            if rxCRC { return statusOnly(command, Status.crcError) }
            var damaged = ISO14443CRC.appending(to: bytes)
            damaged[damaged.count - 1] ^= 0xFF
            return respond(command, [Status.ok] + damaged)
        case .noResponse, .tagRemoved:
            return statusOnly(command, Status.timeout)
        case .readerUnplugged:
            return .vanish
        }
    }

    private func answer(_ command: UInt8, _ bytes: [UInt8], rxCRC: Bool) -> Action {
        respond(command, [Status.ok] + (rxCRC ? bytes : ISO14443CRC.appending(to: bytes)))
    }

    private func respond(_ command: UInt8, _ data: [UInt8] = []) -> Action {
        .respond(.response(to: command, data), after: .zero)
    }

    private func statusOnly(_ command: UInt8, _ status: UInt8) -> Action {
        respond(command, [status])
    }
}
