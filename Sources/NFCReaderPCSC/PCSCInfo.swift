import CPCSC

/// Facts about the pcsc-lite this program is linked with.
public enum PCSCInfo {
    /// The pcsc-lite version the headers declare (`PCSCLITE_VERSION_NUMBER`).
    public static var version: String {
        PCSCLITE_VERSION_NUMBER
    }
}
