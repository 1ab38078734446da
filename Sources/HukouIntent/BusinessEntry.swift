/// One household-registration business (户政业务) in the catalog: what the intent must carry and what the clerk checks.
public struct BusinessEntry: Sendable, Hashable, Codable, Identifiable {
    /// The stable code written in intents, e.g. `ID_RENEW`: `[A-Z][A-Z0-9_]{1,31}`.
    public var code: String
    /// The business name.
    public var name: LocalizedText
    /// The ticket category prefix letter (A–Z), e.g. `B` for tickets `B001`.
    public var category: String
    /// Data fields a phone intent must carry.
    public var requiredFields: [String]
    /// Data fields a phone intent may carry.
    public var optionalFields: [String]
    /// The definitions of every field in ``requiredFields`` and ``optionalFields``.
    public var fields: [String: FieldSpec]
    /// The documents the clerk must inspect (these vary by city: override them locally).
    public var materials: [LocalizedText]
    /// Who must attend.
    public var presence: Presence
    /// A remark on attendance, e.g. "under-16s with a guardian".
    public var presenceNote: LocalizedText?

    public var id: String { code }

    /// Creates an entry.
    public init(
        code: String,
        name: LocalizedText,
        category: String,
        requiredFields: [String],
        optionalFields: [String],
        fields: [String: FieldSpec],
        materials: [LocalizedText],
        presence: Presence,
        presenceNote: LocalizedText? = nil
    ) {
        self.code = code
        self.name = name
        self.category = category
        self.requiredFields = requiredFields
        self.optionalFields = optionalFields
        self.fields = fields
        self.materials = materials
        self.presence = presence
        self.presenceNote = presenceNote
    }
}
