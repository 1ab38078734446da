import HukouText

/// Makes text safe to write to a terminal: no character that a terminal acts on instead of showing reaches it.
///
/// Every line the prompt prints goes through ``safe(_:)`` (``ConsoleOutput`` applies it), and the application view
/// applies it to each value as well, so a value that slipped past validation can neither move the cursor, recolour
/// or clear the screen (C0/C1 controls, ESC), nor reorder what is shown (bidi overrides and isolates, U+202A–202E,
/// U+2066–2069), nor hide characters (zero-width and other format characters), nor break a line (U+2028/2029).
public enum TerminalText {
    /// What replaces each unsafe character: visible, so the clerk sees that something was there.
    public static let placeholder: Unicode.Scalar = "\u{FFFD}"

    /// `text` with every character the package's free-text rule forbids (``HukouText/SafeText/isForbidden(_:)``:
    /// general category Cc or Cf, U+2028, U+2029) replaced by ``placeholder``.
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: SafeText.isForbidden) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(SafeText.isForbidden(scalar) ? placeholder : scalar)
        }
        return String(out)
    }
}
