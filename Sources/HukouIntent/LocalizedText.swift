/// A short text in Chinese and English, as shown to the clerk and written to logs.
public struct LocalizedText: Sendable, Hashable, Codable {
    /// The Chinese text (what the clerk reads).
    public var zh: String
    /// The English text (for logs, maintainers and foreign-language support).
    public var en: String

    /// Creates a text from its two languages.
    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }
}
