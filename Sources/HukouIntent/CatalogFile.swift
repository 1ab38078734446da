import HukouText

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

extension CatalogFile {
    /// Checks every text of the file with the one free-text rule (``SafeText``: no control or format characters
    /// such as ESC or bidi overrides, no surrounding white space), and every business code, category and field key
    /// against the catalog's rules, naming the first bad value by its position in the file (a JSON path such as
    /// `services[2].materials[0].zh`).
    ///
    /// Run at load, so a bad override file stops the daemon at start instead of reaching the clerk's screen or
    /// failing every tap of one business at store time.
    /// - Throws: ``CatalogError``.
    func validate() throws(CatalogError) {
        func text(_ value: String, _ path: String) throws(CatalogError) {
            guard !value.isEmpty else { throw CatalogError(.invalidText, "\(path): empty text") }
            if let problem = SafeText.problem(in: value) { throw CatalogError(.invalidText, "\(path): \(problem)") }
        }
        func localized(_ value: LocalizedText?, _ path: String) throws(CatalogError) {
            guard let value else { return }
            try text(value.zh, path + ".zh")
            try text(value.en, path + ".en")
        }
        func fieldKey(_ key: String, _ path: String) throws(CatalogError) {
            let bytes = Array(key.utf8)
            let valid =
                (1...32).contains(bytes.count)
                && bytes.allSatisfy {
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_")
                }
            guard valid else {
                throw CatalogError(
                    .invalidField,
                    "\(path): field key \"\(SafeText.quoted(key))\" must be 1–32 of a–z, 0–9 and _"
                )
            }
        }
        for (key, spec) in (fields ?? [:]).sorted(by: { $0.key < $1.key }) {
            try fieldKey(key, "fields")
            try localized(spec.label, "fields.\(key).label")
            for (index, choice) in (spec.choices ?? []).enumerated() {
                try text(choice, "fields.\(key).choices[\(index)]")
            }
        }
        for (index, service) in services.enumerated() {
            let path = "services[\(index)]"
            guard BusinessCatalog.isValidCode(service.code) else {
                throw CatalogError(
                    .invalidCode,
                    "\(path).code: \"\(SafeText.quoted(service.code))\" does not match [A-Z][A-Z0-9_]{1,31}"
                )
            }
            if let category = service.category, !BusinessCatalog.isValidCategory(category) {
                throw CatalogError(
                    .invalidCategory,
                    "\(path).category: \"\(SafeText.quoted(category))\" is not one letter A–Z"
                )
            }
            try localized(service.name, path + ".name")
            for (position, key) in (service.required ?? []).enumerated() {
                try fieldKey(key, "\(path).required[\(position)]")
            }
            for (position, key) in (service.optional ?? []).enumerated() {
                try fieldKey(key, "\(path).optional[\(position)]")
            }
            for (position, material) in (service.materials ?? []).enumerated() {
                try localized(material, "\(path).materials[\(position)]")
            }
            try localized(service.presenceNote, path + ".presenceNote")
        }
    }
}
