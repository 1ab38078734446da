/// The language of the clerk's prompt; Chinese by default. Errors are always shown in both.
public enum TerminalLanguage: String, Sendable, Hashable, CaseIterable {
    /// 中文.
    case zh
    /// English.
    case en

    /// Picks the text for this language.
    public func pick(_ zh: String, _ en: String) -> String {
        self == .zh ? zh : en
    }
}
