/// Untrusted text made safe to echo in a message: printable ASCII only (others become `?`), at most `limit` characters.
///
/// Rejection messages end up in logs and on the clerk's screen; a tag must not be able to inject control sequences,
/// line breaks or long text through them.
enum Quoted {
    static func ascii(_ text: String, limit: Int = 32) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            out.unicodeScalars.append((0x20...0x7E).contains(scalar.value) ? scalar : "?")
        }
        return text.unicodeScalars.count > limit ? out + "…" : out
    }
}
