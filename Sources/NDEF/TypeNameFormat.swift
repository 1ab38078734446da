/// The 3-bit Type Name Format of an NDEF record header (NFC Forum NDEF 1.0 §3.2.6).
///
/// Value 7 is reserved and is rejected by the decoder; ``unchanged`` appears only on the
/// second and later chunks of a chunked record and never on a logical ``NDEFRecord``.
public enum TypeNameFormat: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// No type, no ID, no payload.
    case empty = 0
    /// An NFC Forum well-known type (RTD), such as `T`, `U` or `Sp`.
    case wellKnown = 1
    /// A media type per RFC 2046, such as `text/plain`.
    case media = 2
    /// An absolute URI per RFC 3986 as the type.
    case absoluteURI = 3
    /// An NFC Forum external type, such as `android.com:pkg`.
    case external = 4
    /// The payload type is unknown; the type field must be empty.
    case unknown = 5
    /// A continuation chunk of a chunked record.
    case unchanged = 6

    public var description: String {
        switch self {
        case .empty: "empty"
        case .wellKnown: "well-known"
        case .media: "media"
        case .absoluteURI: "absolute-uri"
        case .external: "external"
        case .unknown: "unknown"
        case .unchanged: "unchanged"
        }
    }
}
