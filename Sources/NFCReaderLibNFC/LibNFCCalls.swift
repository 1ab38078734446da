import CNFC
import NFCTag

/// The only place in the program that calls libnfc.
///
/// Each wrapper names the C function it calls. Pointers passed in are the opaque `nfc_context *` and
/// `nfc_device *` handles, both owned by ``LibNFCDevice`` (discovery opens a context of its own for the length of
/// one call); every buffer is scoped to the call and
/// bytes are copied out into Swift arrays before returning. Calls block, so they run only on the reader's own thread
/// (``LibNFCThread``), except ``abortCommand(_:)``, which libnfc documents as the way to interrupt a blocked call
/// from elsewhere.
enum LibNFCCalls {
    /// The ISO/IEC 14443 Type A modulation at 106 kbit/s, the only one the counter polls for.
    private static let iso14443A106 = nfc_modulation(nmt: NMT_ISO14443A, nbr: NBR_106)

    /// The linked libnfc's version string. The corresponding C function is `nfc_version`.
    static func version() -> String {
        String(cString: nfc_version())
    }

    /// Creates a libnfc context, or `nil` when libnfc cannot allocate one. The corresponding C function is `nfc_init`.
    static func initContext() -> OpaquePointer? {
        var context: OpaquePointer?
        nfc_init(&context)
        return context
    }

    /// Releases a context. The corresponding C function is `nfc_exit`.
    static func exitContext(_ context: OpaquePointer) {
        nfc_exit(context)
    }

    /// The connection strings of the devices libnfc finds (configured devices first, then a USB scan).
    /// The corresponding C function is `nfc_list_devices` (through the `CNFC_list_devices` shim).
    static func listDevices(_ context: OpaquePointer, maximum: Int) -> [String] {
        let size = CNFC_connstring_size()
        var buffer = [CChar](repeating: 0, count: maximum * size)
        let found = buffer.withUnsafeMutableBufferPointer { pointer in
            CNFC_list_devices(context, pointer.baseAddress, maximum)
        }
        return (0..<min(found, maximum)).map { index in
            let entry = buffer[(index * size)..<((index + 1) * size)]
            let bytes = entry.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Opens a device by connection string (`nil` = the first one found), or returns `nil`.
    /// The corresponding C function is `nfc_open`.
    static func open(_ context: OpaquePointer, _ connstring: String?) -> OpaquePointer? {
        guard let connstring else { return nfc_open(context, nil) }
        return nfc_open(context, connstring)
    }

    /// Closes a device. The corresponding C function is `nfc_close`.
    static func close(_ device: OpaquePointer) {
        nfc_close(device)
    }

    /// Interrupts a blocking call on the device from another thread. The corresponding C function is
    /// `nfc_abort_command`.
    @discardableResult
    static func abortCommand(_ device: OpaquePointer) -> Int32 {
        nfc_abort_command(device)
    }

    /// Turns the RF field off and puts the chip in low-power mode. The corresponding C function is `nfc_idle`.
    @discardableResult
    static func idle(_ device: OpaquePointer) -> Int32 {
        nfc_idle(device)
    }

    /// Configures the device as an initiator (reader). The corresponding C function is `nfc_initiator_init`.
    static func initiatorInit(_ device: OpaquePointer) -> Int32 {
        nfc_initiator_init(device)
    }

    /// Sets one of the boolean ``LibNFCProperty`` values. The corresponding C function is
    /// `nfc_device_set_property_bool`.
    static func setProperty(_ device: OpaquePointer, _ property: LibNFCProperty, _ value: Bool) -> Int32 {
        nfc_device_set_property_bool(device, property.cValue, value)
    }

    /// Sets one of the integer ``LibNFCProperty`` values (timeouts in ms). The corresponding C function is
    /// `nfc_device_set_property_int`.
    static func setProperty(_ device: OpaquePointer, _ property: LibNFCProperty, _ value: Int32) -> Int32 {
        nfc_device_set_property_int(device, property.cValue, value)
    }

    /// Polls for an ISO 14443A target with the chip's own polling (InAutoPoll on a PN532): `pollCount` rounds of
    /// `period` × 150 ms. Returns the libnfc result (1 = found, 0 = nothing, < 0 = error) and the target.
    /// The corresponding C function is `nfc_initiator_poll_target`.
    static func pollTarget(
        _ device: OpaquePointer,
        pollCount: UInt8,
        period: UInt8
    ) -> (result: Int32, target: LibNFCSelectedTarget?) {
        var target = nfc_target()
        var modulation = iso14443A106
        let result = nfc_initiator_poll_target(device, &modulation, 1, pollCount, period, &target)
        return (result, result > 0 ? LibNFCSelectedTarget(target) : nil)
    }

    /// Selects one ISO 14443A target (only the one with `uid` when given). Returns the libnfc result and the
    /// target. The corresponding C function is `nfc_initiator_select_passive_target`.
    static func selectPassiveTarget(
        _ device: OpaquePointer,
        uid: [UInt8]?
    ) -> (result: Int32, target: LibNFCSelectedTarget?) {
        var target = nfc_target()
        let result: Int32
        if let uid, !uid.isEmpty {
            result = uid.withUnsafeBufferPointer { pointer in
                nfc_initiator_select_passive_target(device, iso14443A106, pointer.baseAddress, pointer.count, &target)
            }
        } else {
            result = nfc_initiator_select_passive_target(device, iso14443A106, nil, 0, &target)
        }
        return (result, result > 0 ? LibNFCSelectedTarget(target) : nil)
    }

    /// Deselects the current target. The corresponding C function is `nfc_initiator_deselect_target`.
    @discardableResult
    static func deselectTarget(_ device: OpaquePointer) -> Int32 {
        nfc_initiator_deselect_target(device)
    }

    /// Sends `command` to the selected target and returns the libnfc result (received length, or an error < 0)
    /// with the received bytes. `timeoutMilliseconds`: 0 = wait forever, -1 = the device default.
    /// The corresponding C function is `nfc_initiator_transceive_bytes`.
    static func transceiveBytes(
        _ device: OpaquePointer,
        _ command: [UInt8],
        responseCapacity: Int,
        timeoutMilliseconds: Int32
    ) -> (result: Int32, response: [UInt8]) {
        var response = [UInt8](repeating: 0, count: responseCapacity)
        let result = command.withUnsafeBufferPointer { tx in
            response.withUnsafeMutableBufferPointer { rx in
                nfc_initiator_transceive_bytes(
                    device,
                    tx.baseAddress,
                    tx.count,
                    rx.baseAddress,
                    rx.count,
                    CInt(timeoutMilliseconds)
                )
            }
        }
        guard result >= 0 else { return (result, []) }
        return (result, Array(response.prefix(min(Int(result), responseCapacity))))
    }

    /// Whether the last selected target is still in the field: 0 = present, `NFC_ETGRELEASED` = gone.
    /// The corresponding C function is `nfc_initiator_target_is_present` (with a `NULL` target).
    static func targetIsPresent(_ device: OpaquePointer) -> Int32 {
        nfc_initiator_target_is_present(device, nil)
    }

    /// The last error libnfc recorded on the device. The corresponding C function is `nfc_device_get_last_error`.
    static func lastError(_ device: OpaquePointer) -> Int32 {
        nfc_device_get_last_error(device)
    }

    /// The text for the device's last error. The corresponding C function is `nfc_strerror`.
    static func errorText(_ device: OpaquePointer) -> String {
        String(cString: nfc_strerror(device))
    }

    /// The device's name as its driver reports it. The corresponding C function is `nfc_device_get_name`.
    static func name(_ device: OpaquePointer) -> String {
        String(cString: nfc_device_get_name(device))
    }

    /// The connection string the device was opened with. The corresponding C function is
    /// `nfc_device_get_connstring`.
    static func connstring(_ device: OpaquePointer) -> String {
        String(cString: nfc_device_get_connstring(device))
    }
}

// The two small types below stay in this file because they are made from C types (`nfc_property`, `nfc_target`),
// and this file is the only one that touches libnfc's types and functions.

/// The libnfc device properties this backend changes, mapped to `nfc_property`.
enum LibNFCProperty {
    /// `NP_INFINITE_SELECT`: whether selection blocks until a tag appears.
    case infiniteSelect
    /// `NP_EASY_FRAMING`: InDataExchange (the chip frames ISO-DEP and MIFARE commands) instead of InCommunicateThru.
    case easyFraming
    /// `NP_HANDLE_CRC`: whether the chip appends and checks CRC_A.
    case handleCRC
    /// `NP_AUTO_ISO14443_4`: whether selection also activates ISO-DEP (RATS) on targets that support it.
    case autoISO14443_4
    /// `NP_ACTIVATE_FIELD`: the RF field.
    case activateField
    /// `NP_TIMEOUT_COMMAND`: the default command timeout in ms.
    case commandTimeout

    fileprivate var cValue: nfc_property {
        switch self {
        case .infiniteSelect: NP_INFINITE_SELECT
        case .easyFraming: NP_EASY_FRAMING
        case .handleCRC: NP_HANDLE_CRC
        case .autoISO14443_4: NP_AUTO_ISO14443_4
        case .activateField: NP_ACTIVATE_FIELD
        case .commandTimeout: NP_TIMEOUT_COMMAND
        }
    }
}

/// A target libnfc selected, copied out of `nfc_target`.
struct LibNFCSelectedTarget: Hashable, Sendable {
    /// What the tag protocols need to know about it.
    var target: DetectedTarget
    /// Whether libnfc reported it as ISO 14443A (the only modulation polled).
    var isISO14443A: Bool

    fileprivate init(_ raw: nfc_target) {
        var raw = raw
        isISO14443A = raw.nm.nmt.rawValue == NMT_ISO14443A.rawValue
        let info = raw.nti.nai
        let uidLength = min(Int(info.szUidLen), 10)
        let atsLength = min(Int(info.szAtsLen), 254)
        let uid = withUnsafeBytes(of: &raw.nti.nai.abtUid) { Array($0.prefix(uidLength)) }
        let atqa = withUnsafeBytes(of: &raw.nti.nai.abtAtqa) { Array($0.prefix(2)) }
        let ats = withUnsafeBytes(of: &raw.nti.nai.abtAts) { Array($0.prefix(atsLength)) }
        // libnfc strips the ATS length byte TL; put it back so the ATS reads as ISO/IEC 14443-4 defines it.
        let fullATS = ats.isEmpty ? nil : [UInt8(truncatingIfNeeded: ats.count + 1)] + ats
        target = DetectedTarget(uid: uid, sensRes: atqa, selRes: info.btSak, ats: fullATS)
    }
}
