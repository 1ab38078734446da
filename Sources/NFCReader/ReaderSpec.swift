/// Which reader to open, as written in configuration files and on the command line.
///
/// | text | meaning |
/// |---|---|
/// | `libnfc` | the first device libnfc finds |
/// | `libnfc:CONNSTRING` | a libnfc device, e.g. `libnfc:pn532_uart:/dev/ttyUSB0` |
/// | `pcsc` | the first PC/SC reader |
/// | `pcsc:READER NAME` | a PC/SC reader by name, e.g. `pcsc:ACS ACR122U PICC Interface 00 00` |
/// | `sim:NAME[,KEY=VALUE…]` | a ``SimulatedReader``; see ``SimulatedReaderSpec`` |
public enum ReaderSpec: Hashable, Sendable, CustomStringConvertible {
    /// A libnfc device; nil opens the first one found.
    case libnfc(connstring: String?)
    /// A PC/SC reader; nil takes the first one listed.
    case pcsc(readerName: String?)
    /// An in-process simulated reader.
    case simulated(SimulatedReaderSpec)

    /// Parses the textual form.
    ///
    /// - Throws: ``ReaderSpecError`` naming what is wrong.
    public init(parsing text: String) throws(ReaderSpecError) {
        let (scheme, rest) = Self.split(text)
        switch scheme {
        case "libnfc":
            self = .libnfc(connstring: try Self.nonEmpty(rest, in: text))
        case "pcsc":
            self = .pcsc(readerName: try Self.nonEmpty(rest, in: text))
        case "sim":
            guard let rest, !rest.isEmpty else {
                throw ReaderSpecError(.missingName, "'\(text)': a simulated reader needs a name, e.g. sim:window1")
            }
            self = .simulated(try SimulatedReaderSpec(parsing: rest))
        default:
            throw ReaderSpecError(
                .unknownScheme,
                "'\(text)': a reader is libnfc, libnfc:CONNSTRING, pcsc, pcsc:READER NAME or sim:NAME"
            )
        }
    }

    public var description: String {
        switch self {
        case .libnfc(let connstring): connstring.map { "libnfc:\($0)" } ?? "libnfc"
        case .pcsc(let readerName): readerName.map { "pcsc:\($0)" } ?? "pcsc"
        case .simulated(let spec): "sim:\(spec)"
        }
    }

    private static func split(_ text: String) -> (String, String?) {
        guard let colon = text.firstIndex(of: ":") else { return (text, nil) }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    private static func nonEmpty(_ rest: String?, in text: String) throws(ReaderSpecError) -> String? {
        guard let rest else { return nil }
        guard !rest.isEmpty else {
            throw ReaderSpecError(.missingName, "'\(text)': nothing after the colon (omit it to take the first reader)")
        }
        guard !rest.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw ReaderSpecError(.invalidValue, "'\(text)': control characters in the reader name")
        }
        return rest
    }
}
