public import HukouIntent

/// One reason an intent was refused, in both languages.
public struct RejectionReason: Sendable, Hashable, Codable {
    /// The field at fault (`id_number`, `signature`, `payload`, …).
    public var field: String
    /// A stable reason code.
    public var code: String
    /// The message in Chinese.
    public var zh: String
    /// The message in English.
    public var en: String

    /// Creates a reason.
    public init(field: String, code: String, zh: String, en: String) {
        self.field = field
        self.code = code
        self.zh = zh
        self.en = en
    }

    /// The reason an intent check gave.
    public init(_ issue: FieldIssue) {
        self.init(field: issue.field, code: issue.code.rawValue, zh: issue.zh, en: issue.en)
    }
}
