import NFCReader

/// The LED and buzzer pseudo-APDUs of the ACR122U family (`FF 00 40 <LED control> 04 <T1> <T2> <repeats> <buzzer>`,
/// ACS's ACR122U API; T1/T2 in 100 ms units). Other readers have no standard feedback, so they get none.
enum PCSCReaderFeedback {
    /// The command for `feedback` on `readerName`, or nil when the reader is not an ACR122.
    static func command(for feedback: ReaderFeedback, readerName: String) -> [UInt8]? {
        guard readerName.uppercased().contains("ACR122") else { return nil }
        switch feedback {
        case .accepted:
            // Final green, both LED masks; one 100 ms beep.
            return [0xFF, 0x00, 0x40, 0x0E, 0x04, 0x01, 0x01, 0x01, 0x01]
        case .duplicate:
            // Green blinking twice with two short beeps.
            return [0xFF, 0x00, 0x40, 0xAE, 0x04, 0x01, 0x01, 0x02, 0x03]
        case .rejected:
            // Red with a long beep (nfcpy's error signal), then back to idle.
            return [0xFF, 0x00, 0x40, 0x0D, 0x04, 0x05, 0x00, 0x01, 0x01]
        }
    }
}
