/// Makes text safe to write to a terminal: no character that a terminal acts on instead of showing reaches it.
///
/// Every line the prompt prints goes through ``safe(_:)`` (``ConsoleOutput`` applies it), and the application view
/// applies it to each value as well, so a value that slipped past validation can neither move the cursor, recolour
/// or clear the screen (C0/C1 controls, ESC), nor reorder what is shown (bidi overrides and isolates, U+202A–202E,
/// U+2066–2069), nor hide characters (zero-width and other format characters), nor break a line (U+2028/2029).
public enum TerminalText {
    /// What replaces each unsafe character: visible, so the clerk sees that something was there.
    public static let placeholder: Unicode.Scalar = "\u{FFFD}"

    /// `text` with every character of general category Cc (control), Cf (format: bidi controls, zero-width
    /// characters, soft hyphen, BOM), Zl or Zp (line and paragraph separators) replaced by ``placeholder``.
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(isUnsafe(scalar) ? placeholder : scalar)
        }
        return String(out)
    }

    /// Whether a terminal could act on `scalar` instead of showing it.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        // Printable ASCII, the common case, without a property look-up.
        if scalar.value >= 0x20 && scalar.value < 0x7F { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
