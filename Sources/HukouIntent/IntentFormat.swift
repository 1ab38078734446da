/// Constants of the intent format (docs/intent-format.md).
public enum IntentFormat {
    /// The NFC Forum external type of the intent record, as written by every writer (lower case).
    ///
    /// `mps.gov.cn` is the Ministry of Public Security's domain, which owns the household-registration business
    /// nationally; the type is therefore the same at every station and in every city's phone app. A province that
    /// issues its own app may configure its own domain (``IntentPolicy/recordType``).
    public static let defaultRecordType = "mps.gov.cn:hukou"
    /// The format version this code reads and writes (claim `v`).
    public static let version = 1
    /// The largest intent payload accepted (bytes). A phone intent with every field is about 1.2 KiB.
    public static let maximumPayloadSize = 4096
}
