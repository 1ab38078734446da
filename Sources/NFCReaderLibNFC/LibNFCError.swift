public import NFCTag

/// A failed libnfc call: the libnfc error code, the C function that returned it and libnfc's own text.
///
/// It never leaves the backend as itself: ``transceiveError`` and the reader's status events translate it.
public struct LibNFCError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The libnfc error code (`NFC_EIO`, `NFC_ETIMEOUT`, `NFC_ERFTRANS`, ... from `nfc/nfc.h`), or 0 when the call
    /// failed without one (e.g. `nfc_open` returning `NULL`).
    public var code: Int32
    /// The C function that failed, e.g. `nfc_initiator_transceive_bytes`.
    public var function: String
    /// The text of `nfc_strerror`, or an explanation of our own.
    public var message: String

    /// Creates an error.
    public init(code: Int32, function: String, message: String) {
        self.code = code
        self.function = function
        self.message = message
    }

    public var description: String { "\(function): \(message) (\(code))" }

    // The codes of nfc/nfc.h, spelled out so tests and callers need not import CNFC.
    /// `NFC_EIO`: input/output error; the device may need re-opening.
    public static let io: Int32 = -1
    /// `NFC_EINVARG`: invalid argument.
    public static let invalidArgument: Int32 = -2
    /// `NFC_EDEVNOTSUPP`: the operation is not supported by the device.
    public static let deviceNotSupported: Int32 = -3
    /// `NFC_ENOTSUCHDEV`: no such device.
    public static let noSuchDevice: Int32 = -4
    /// `NFC_EOVFLOW`: buffer overflow.
    public static let overflow: Int32 = -5
    /// `NFC_ETIMEOUT`: operation timed out.
    public static let timeout: Int32 = -6
    /// `NFC_EOPABORTED`: operation aborted (by `nfc_abort_command`).
    public static let aborted: Int32 = -7
    /// `NFC_ENOTIMPL`: not (yet) implemented.
    public static let notImplemented: Int32 = -8
    /// `NFC_ETGRELEASED`: the target was released.
    public static let targetReleased: Int32 = -10
    /// `NFC_ERFTRANS`: RF transmission error; a PN53x RF timeout (the tag is mute or gone) arrives as this.
    public static let rfTransmission: Int32 = -20
    /// `NFC_EMFCAUTHFAIL`: MIFARE Classic authentication failed.
    public static let mifareAuthenticationFailed: Int32 = -30
    /// `NFC_ESOFT`: software error (allocation, file or pipe creation).
    public static let software: Int32 = -80
    /// `NFC_ECHIP`: device's internal chip error.
    public static let chip: Int32 = -90

    /// Whether the device is gone or wedged, so the reader should close it and re-open it with backoff.
    public var requiresReopen: Bool {
        code == Self.io || code == Self.noSuchDevice || code == Self.chip || code == 0
    }

    /// The error as the tag protocols see it.
    ///
    /// A PN53x reports an RF timeout (a mute tag, or one that left) as `NFC_ERFTRANS`, so that becomes
    /// ``TransceiveError/Code/timeout``; the protocol layer decides whether the tag is lost.
    public var transceiveError: TransceiveError {
        let code: TransceiveError.Code
        switch self.code {
        case Self.timeout, Self.rfTransmission: code = .timeout
        case Self.targetReleased: code = .tagRemoved
        case Self.overflow: code = .overflow
        case Self.aborted: code = .cancelled
        case Self.deviceNotSupported, Self.notImplemented: code = .commandNotSupported
        case Self.io, Self.noSuchDevice, Self.chip, 0: code = .readerUnavailable
        default: code = .other
        }
        return TransceiveError(code, "libnfc \(description)")
    }
}
