/// Why an intent (or a single value such as an ID number) was refused: every problem found, field by field.
///
/// Nothing was changed when this is thrown: no nonce was claimed, nothing was stored.
public struct IntentRejection: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The problems, in the order found; never empty.
    public var reasons: [FieldIssue]

    /// Creates a rejection from its reasons.
    public init(reasons: [FieldIssue]) {
        self.reasons = reasons
    }

    /// Creates a rejection with one reason.
    public init(field: String, code: FieldIssue.Code, zh: String, en: String) {
        self.reasons = [FieldIssue(field: field, code: code, zh: zh, en: en)]
    }

    /// Whether any reason has the given code.
    public func contains(_ code: FieldIssue.Code) -> Bool {
        reasons.contains { $0.code == code }
    }

    public var description: String {
        reasons.map(\.description).joined(separator: "; ")
    }
}

extension IntentRejection {
    /// A member name repeated in one JSON object; `part` is `"header"` for the JWS header, else the claims.
    static func duplicateMember(_ path: String, in part: String? = nil) -> IntentRejection {
        let name = FieldIssue.shownName(path)
        let field = part.map { "\($0).\(name)" } ?? name
        return IntentRejection(
            field: field,
            code: .duplicateMember,
            zh: "JSON 成员“\(name)”重复出现",
            en: "the JSON member \"\(name)\" appears more than once\(part.map { " in the \($0)" } ?? "")"
        )
    }
}
