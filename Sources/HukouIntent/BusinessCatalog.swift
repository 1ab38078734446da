public import Foundation

/// The household-registration businesses this counter accepts, indexed by code.
///
/// ``default`` is the bundled national baseline (domain notes §1). Materials and details vary by city, so a station
/// overrides them with a local JSON file: ``load(overridesFrom:)``.
public struct BusinessCatalog: Sendable, Hashable {
    /// The businesses in display order.
    public let entries: [BusinessEntry]
    /// Every field definition.
    public let fields: [String: FieldSpec]
    let index: [String: Int]

    /// Builds and checks a catalog from field definitions and complete service definitions.
    ///
    /// - Throws: ``CatalogError`` naming the first inconsistent entry.
    public init(fields: [String: FieldSpec], services: [CatalogFile.Service]) throws(CatalogError) {
        for (key, spec) in fields {
            if spec.kind == .choice, (spec.choices ?? []).isEmpty {
                throw CatalogError(.invalidField, "field \(key) is a choice without choices")
            }
        }
        var entries: [BusinessEntry] = []
        var seen: Set<String> = []
        for service in services where service.enabled != false {
            guard Self.isValidCode(service.code) else {
                throw CatalogError(.invalidCode, "\"\(service.code)\" is not [A-Z][A-Z0-9_]{1,31}")
            }
            guard seen.insert(service.code).inserted else {
                throw CatalogError(.invalidCode, "\(service.code) is defined twice")
            }
            guard let name = service.name, let category = service.category, let required = service.required,
                let presence = service.presence
            else {
                throw CatalogError(.incompleteEntry, "\(service.code) needs name, category, required and presence")
            }
            guard Self.isValidCategory(category) else {
                throw CatalogError(.invalidCategory, "\(service.code): category \"\(category)\" is not one letter A–Z")
            }
            let optional = service.optional ?? []
            var used: [String: FieldSpec] = [:]
            for key in required + optional {
                guard let spec = fields[key] else {
                    throw CatalogError(.undefinedField, "\(service.code) uses field \(key), which is not defined")
                }
                guard used.updateValue(spec, forKey: key) == nil else {
                    throw CatalogError(.invalidField, "\(service.code) lists field \(key) twice")
                }
            }
            entries.append(
                BusinessEntry(
                    code: service.code,
                    name: name,
                    category: category,
                    requiredFields: required,
                    optionalFields: optional,
                    fields: used,
                    materials: service.materials ?? [],
                    presence: presence,
                    presenceNote: service.presenceNote
                )
            )
        }
        self.entries = entries
        self.fields = fields
        self.index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.code, $0) })
    }

    /// The entry for a business code, or `nil`.
    public func entry(for code: String) -> BusinessEntry? {
        index[code].map { entries[$0] }
    }

    /// The catalog as a complete ``CatalogFile`` (a starting point for a local override file).
    public var file: CatalogFile {
        CatalogFile(
            fields: fields,
            services: entries.map {
                CatalogFile.Service(
                    code: $0.code,
                    name: $0.name,
                    category: $0.category,
                    required: $0.requiredFields,
                    optional: $0.optionalFields,
                    materials: $0.materials,
                    presence: $0.presence,
                    presenceNote: $0.presenceNote
                )
            }
        )
    }

    /// This catalog with an override file applied: given properties replace, new codes are added,
    /// `"enabled": false` removes.
    ///
    /// - Throws: ``CatalogError``.
    public func applying(_ overrides: CatalogFile) throws(CatalogError) -> BusinessCatalog {
        guard overrides.version == 1 else {
            throw CatalogError(.malformed, "catalog file version \(overrides.version) is not supported (expected 1)")
        }
        var fields = self.fields
        for (key, spec) in overrides.fields ?? [:] { fields[key] = spec }
        var services = file.services
        for override in overrides.services {
            if let position = services.firstIndex(where: { $0.code == override.code }) {
                var merged = services[position]
                merged.name = override.name ?? merged.name
                merged.category = override.category ?? merged.category
                merged.required = override.required ?? merged.required
                merged.optional = override.optional ?? merged.optional
                merged.materials = override.materials ?? merged.materials
                merged.presence = override.presence ?? merged.presence
                merged.presenceNote = override.presenceNote ?? merged.presenceNote
                merged.enabled = override.enabled ?? merged.enabled
                services[position] = merged
            } else {
                services.append(override)
            }
        }
        return try BusinessCatalog(fields: fields, services: services)
    }

    /// The default catalog with the overrides in a local JSON file applied.
    ///
    /// - Throws: ``CatalogError`` when the file is unreadable, malformed or inconsistent.
    public static func load(overridesFrom url: URL) throws(CatalogError) -> BusinessCatalog {
        let data: Data
        do {
            data = try BoundedFile.read(url, limit: 4 << 20)
        } catch .tooLarge {
            throw CatalogError(.malformed, "\(url.path) is larger than 4 MiB")
        } catch {
            throw CatalogError(.unreadable, "\(url.path): \(error)")
        }
        let file: CatalogFile
        do {
            file = try JSONDecoder().decode(CatalogFile.self, from: data)
        } catch {
            throw CatalogError(.malformed, "\(url.path): \(error)")
        }
        do {
            try file.validate()
            return try BusinessCatalog.default.applying(file)
        } catch {
            throw CatalogError(error.code, "\(url.path): \(error.message)")
        }
    }

    /// A ticket category: one capital letter A–Z.
    static func isValidCategory(_ category: String) -> Bool {
        category.utf8.count == 1 && category.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }

    static func isValidCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard (2...32).contains(bytes.count), (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[0]) else {
            return false
        }
        return bytes.allSatisfy {
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "_")
        }
    }
}
