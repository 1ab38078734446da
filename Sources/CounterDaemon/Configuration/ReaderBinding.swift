/// A reader the daemon owns and the counter window its taps belong to: `KIND:NAME@WINDOW`.
///
/// The part before the last `@` is the reader specification handed to the reader factory
/// (`sim:window1`, `libnfc`, `libnfc:pn532_uart:/dev/ttyUSB0`, `pcsc:ACS ACR122U 00 00`); the part after
/// it is the window number, 1 to ``maximumWindow``.
public struct ReaderBinding: Hashable, Sendable, CustomStringConvertible {
    /// The largest window number accepted.
    public static let maximumWindow = 999

    /// The reader specification, without the window.
    public var spec: String
    /// The counter window this reader serves.
    public var window: Int

    /// Creates a binding from its parts.
    public init(spec: String, window: Int) throws(DaemonConfigurationError) {
        guard !spec.isEmpty, spec.contains(":") || spec == "libnfc" || spec == "pcsc" else {
            throw DaemonConfigurationError(
                .invalidReaderBinding,
                "reader '\(spec)': expected KIND:NAME (sim:NAME, libnfc[:CONNSTRING], pcsc[:READER NAME])"
            )
        }
        guard (1...Self.maximumWindow).contains(window) else {
            throw DaemonConfigurationError(
                .outOfRange,
                "reader '\(spec)': window \(window) is outside 1...\(Self.maximumWindow)"
            )
        }
        self.spec = spec
        self.window = window
    }

    /// Parses `KIND:NAME@WINDOW`, splitting at the last `@` (PC/SC reader names may contain `@`).
    public init(parsing text: String) throws(DaemonConfigurationError) {
        let trimmed = text.trimmingASCIIWhitespace()
        guard let at = trimmed.lastIndex(of: "@") else {
            throw DaemonConfigurationError(
                .invalidReaderBinding,
                "reader '\(trimmed)': missing '@WINDOW' (e.g. sim:window1@1)"
            )
        }
        let spec = String(trimmed[..<at])
        let windowText = trimmed[trimmed.index(after: at)...]
        guard windowText.count <= 3, !windowText.isEmpty, windowText.allSatisfy(\.isASCIIDigit),
            let window = Int(windowText)
        else {
            throw DaemonConfigurationError(
                .invalidReaderBinding,
                "reader '\(trimmed)': window '\(windowText)' is not a number from 1 to \(Self.maximumWindow)"
            )
        }
        try self.init(spec: spec, window: window)
    }

    /// The kind before the first colon: `sim`, `libnfc` or `pcsc`.
    public var kind: String {
        spec.split(separator: ":", maxSplits: 1).first.map(String.init) ?? spec
    }

    /// The name after the kind (`window1` for `sim:window1` and `sim:window1,tag=ntag215`); the whole spec when
    /// there is none.
    public var shortName: String {
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty else { return spec }
        return kind == "sim" ? String(parts[1].prefix { $0 != "," }) : String(parts[1])
    }

    /// Whether `name` designates this reader: its full spec (`sim:window1`), its reader name or its short name
    /// (`window1`).
    public func matches(_ name: String) -> Bool {
        name == spec || name == shortName || name == "\(kind):\(shortName)"
    }

    public var description: String { "\(spec)@\(window)" }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension StringProtocol {
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
