import Foundation

/// An open libnfc device and the context it was opened in; the one owner of both C handles.
///
/// Confined to the reader's thread (not `Sendable`). The handles are released in ``close()`` or `deinit`,
/// whichever comes first. Every call is checked where it is made, including libnfc's silent failures (a call
/// that returns 0 but records an error in `nfc_device_get_last_error`).
final class LibNFCDevice {
    private var context: OpaquePointer?
    private var device: OpaquePointer?
    private let abortHandle: LibNFCAbortHandle
    /// Whether the chip can poll by itself (`nfc_initiator_poll_target`); cleared when libnfc says it cannot.
    private(set) var supportsHardwarePolling = true
    /// Whether the device currently sends raw frames (easy framing and CRC handling off) for Type 2 commands.
    private(set) var isRawFraming = false

    /// The driver's name for the device.
    let name: String
    /// The connection string it was opened with.
    let connstring: String

    /// Opens `connstring` (`nil` = the first device libnfc finds) and configures it as an initiator.
    ///
    /// - Throws: ``LibNFCError``.
    init(connstring requested: String?, abortHandle: LibNFCAbortHandle) throws(LibNFCError) {
        guard let context = LibNFCCalls.initContext() else {
            throw LibNFCError(code: LibNFCError.software, function: "nfc_init", message: "libnfc could not start")
        }
        guard let device = LibNFCCalls.open(context, requested) else {
            LibNFCCalls.exitContext(context)
            throw LibNFCError(
                code: LibNFCError.noSuchDevice,
                function: "nfc_open",
                message: requested.map { "cannot open \($0)" } ?? "no NFC device found"
            )
        }
        self.context = context
        self.device = device
        self.abortHandle = abortHandle
        name = LibNFCCalls.name(device)
        connstring = LibNFCCalls.connstring(device)
        abortHandle.attach(device)
        try check(LibNFCCalls.initiatorInit(device), "nfc_initiator_init")
        // The fallback select must return when nothing is there instead of blocking forever (libnfc #527).
        try check(LibNFCCalls.setProperty(device, .infiniteSelect, false), "nfc_device_set_property_bool")
    }

    deinit { close() }

    /// Turns the field off and releases the device and the context. Safe to call twice.
    func close() {
        guard let device else { return }
        abortHandle.detach()
        LibNFCCalls.idle(device)
        LibNFCCalls.close(device)
        self.device = nil
        if let context {
            LibNFCCalls.exitContext(context)
            self.context = nil
        }
    }

    /// Looks for one ISO 14443A tag for about `period` × 150 ms × `rounds`; `nil` when none came.
    ///
    /// Uses the chip's own polling (InAutoPoll on a PN532) where the driver has it; libnfc returns 0 with
    /// `NFC_EDEVNOTSUPP` as its last error where it does not, and then this falls back to
    /// `nfc_initiator_select_passive_target` with infinite select off for good.
    func pollForTarget(rounds: UInt8, period: UInt8) throws(LibNFCError) -> LibNFCSelectedTarget? {
        let device = try openDevice()
        try useDefaultFraming()
        if supportsHardwarePolling {
            let (result, target) = LibNFCCalls.pollTarget(device, pollCount: rounds, period: period)
            if result > 0 { return target }
            if result == 0 {
                let last = LibNFCCalls.lastError(device)
                if last == LibNFCError.deviceNotSupported || last == LibNFCError.notImplemented {
                    supportsHardwarePolling = false
                } else {
                    return nil
                }
            } else if result == LibNFCError.deviceNotSupported || result == LibNFCError.notImplemented {
                supportsHardwarePolling = false
            } else if result == LibNFCError.timeout {
                return nil
            } else {
                throw error(result, "nfc_initiator_poll_target")
            }
        }
        return try select(uid: nil)
    }

    /// Selects one ISO 14443A tag (only the one with `uid` when given), or returns `nil` when none answers.
    func select(uid: [UInt8]?) throws(LibNFCError) -> LibNFCSelectedTarget? {
        let device = try openDevice()
        try useDefaultFraming()
        let (result, target) = LibNFCCalls.selectPassiveTarget(device, uid: uid)
        if result > 0 { return target }
        if result == 0 {
            // 0 is also what libnfc returns when the driver lacks the call; its last error tells them apart.
            let last = LibNFCCalls.lastError(device)
            guard last < 0, last != LibNFCError.timeout else { return nil }
            throw error(last, "nfc_initiator_select_passive_target")
        }
        if result == LibNFCError.timeout { return nil }
        throw error(result, "nfc_initiator_select_passive_target")
    }

    /// Sends one frame to the selected tag and returns the answer.
    func transceive(
        _ command: [UInt8],
        responseCapacity: Int,
        timeoutMilliseconds: Int32
    ) throws(LibNFCError) -> [UInt8] {
        let device = try openDevice()
        let (result, response) = LibNFCCalls.transceiveBytes(
            device,
            command,
            responseCapacity: responseCapacity,
            timeoutMilliseconds: timeoutMilliseconds
        )
        guard result >= 0 else { throw error(result, "nfc_initiator_transceive_bytes") }
        return response
    }

    /// Switches between easy framing with chip CRC (the default: InDataExchange) and raw frames with host CRC
    /// (InCommunicateThru), which Type 2 commands use so that a 4-bit NAK reaches the protocol layer.
    func useRawFraming(_ raw: Bool) throws(LibNFCError) {
        guard raw != isRawFraming else { return }
        let device = try openDevice()
        try check(LibNFCCalls.setProperty(device, .easyFraming, !raw), "nfc_device_set_property_bool")
        try check(LibNFCCalls.setProperty(device, .handleCRC, !raw), "nfc_device_set_property_bool")
        isRawFraming = raw
    }

    /// Restores the default framing that selection and presence checks expect.
    func useDefaultFraming() throws(LibNFCError) {
        try useRawFraming(false)
    }

    /// Whether the last selected tag still answers.
    func isTargetPresent() throws(LibNFCError) -> Bool {
        let device = try openDevice()
        try useDefaultFraming()
        let result = LibNFCCalls.targetIsPresent(device)
        switch result {
        case 0: return true
        case LibNFCError.targetReleased, LibNFCError.rfTransmission, LibNFCError.timeout, LibNFCError.invalidArgument:
            return false
        default: throw error(result, "nfc_initiator_target_is_present")
        }
    }

    /// Deselects the current tag, ignoring failure (it may already be gone).
    func deselect() {
        guard let device else { return }
        LibNFCCalls.deselectTarget(device)
    }

    private func openDevice() throws(LibNFCError) -> OpaquePointer {
        guard let device else {
            throw LibNFCError(code: LibNFCError.io, function: "nfc_open", message: "the device is closed")
        }
        return device
    }

    private func check(_ result: Int32, _ function: String) throws(LibNFCError) {
        guard result < 0 else { return }
        throw error(result, function)
    }

    private func error(_ result: Int32, _ function: String) -> LibNFCError {
        guard let device else { return LibNFCError(code: result, function: function, message: "device closed") }
        return LibNFCError(code: result, function: function, message: LibNFCCalls.errorText(device))
    }
}
