/// Facts about the libnfc this program is linked with.
public enum LibNFCInfo {
    /// The libnfc version string, from `nfc_version()`.
    public static var version: String {
        LibNFCCalls.version()
    }
}
