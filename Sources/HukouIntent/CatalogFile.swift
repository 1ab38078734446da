/// The JSON shape of a business catalog file, used both for the bundled default and for local overrides.
///
/// In an override file every property of a service except `code` is optional: what is given replaces the default,
/// what is absent is kept. `"enabled": false` removes a business at this station. See docs/intent-format.md §6.
public struct CatalogFile: Sendable, Hashable, Codable {
    /// One business as written in a catalog file.
    public struct Service: Sendable, Hashable, Codable {
        /// The business code.
        public var code: String
        /// The name.
        public var name: LocalizedText?
        /// The ticket category prefix letter.
        public var category: String?
        /// Required data field keys.
        public var required: [String]?
        /// Optional data field keys.
        public var optional: [String]?
        /// Documents the clerk inspects.
        public var materials: [LocalizedText]?
        /// Who must attend.
        public var presence: Presence?
        /// A remark on attendance.
        public var presenceNote: LocalizedText?
        /// `false` removes the business.
        public var enabled: Bool?

        /// Creates a service definition.
        public init(
            code: String,
            name: LocalizedText? = nil,
            category: String? = nil,
            required: [String]? = nil,
            optional: [String]? = nil,
            materials: [LocalizedText]? = nil,
            presence: Presence? = nil,
            presenceNote: LocalizedText? = nil,
            enabled: Bool? = nil
        ) {
            self.code = code
            self.name = name
            self.category = category
            self.required = required
            self.optional = optional
            self.materials = materials
            self.presence = presence
            self.presenceNote = presenceNote
            self.enabled = enabled
        }
    }

    /// The file format version, 1.
    public var version: Int
    /// Field definitions, added to (or replacing) the default ones.
    public var fields: [String: FieldSpec]?
    /// Business definitions.
    public var services: [Service]

    /// Creates a file value.
    public init(version: Int = 1, fields: [String: FieldSpec]? = nil, services: [Service]) {
        self.version = version
        self.fields = fields
        self.services = services
    }
}
