/// The definition of one intent data field in the business catalog: its kind, labels and allowed values.
public struct FieldSpec: Sendable, Hashable, Codable {
    /// How the value is validated and masked.
    public var kind: FieldKind
    /// The field's label.
    public var label: LocalizedText
    /// For ``FieldKind/choice``: the allowed values (stable ASCII codes).
    public var choices: [String]?
    /// For ``FieldKind/text``: the most characters allowed (default 200).
    public var maxLength: Int?

    /// Creates a field definition.
    public init(kind: FieldKind, label: LocalizedText, choices: [String]? = nil, maxLength: Int? = nil) {
        self.kind = kind
        self.label = label
        self.choices = choices
        self.maxLength = maxLength
    }
}
