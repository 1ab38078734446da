import Foundation
import HukouIntent
import Testing

@Suite struct BusinessCatalogTests {
    static let codes = [
        "BIRTH_REG", "DEATH_DEREG", "MOVE_IN", "MOVE_OUT", "CROSS_PROVINCE", "HH_BOOKLET", "ID_FIRST", "ID_RENEW",
        "ID_REPLACE", "ID_TEMP", "CERTIFICATE", "NAME_CHANGE", "ITEM_CORRECTION", "HH_SPLIT", "RESIDENCE_PERMIT",
    ]

    @Test func defaultHoldsEveryBusinessOfTheDomainNotes() throws {
        let catalog = BusinessCatalog.default
        #expect(catalog.entries.map(\.code) == Self.codes)
        for entry in catalog.entries {
            #expect(!entry.name.zh.isEmpty && !entry.name.en.isEmpty)
            #expect(!entry.materials.isEmpty, "\(entry.code) lists no materials")
            #expect(entry.requiredFields.starts(with: ["name", "id"]), "\(entry.code) must identify the applicant")
            #expect(Set(entry.fields.keys) == Set(entry.requiredFields + entry.optionalFields))
            #expect(entry.category.count == 1)
        }
        // The default passes the same checks as a file would.
        let rebuilt = try BusinessCatalog(fields: catalog.fields, services: catalog.file.services)
        #expect(rebuilt == catalog)
    }

    @Test func overridesReplaceAddAndRemove() throws {
        let overrides = CatalogFile(
            fields: ["mobile": FieldSpec(kind: .documentNumber, label: LocalizedText(zh: "手机号", en: "mobile"))],
            services: [
                .init(code: "ID_RENEW", materials: [LocalizedText(zh: "原证", en: "old card")]),
                .init(code: "DEATH_DEREG", enabled: false),
                .init(
                    code: "VEHICLE_NOTE",
                    name: LocalizedText(zh: "测试业务", en: "Test business"),
                    category: "F",
                    required: ["name", "id"],
                    optional: ["mobile"],
                    presence: .agentAllowed
                ),
            ]
        )
        let catalog = try BusinessCatalog.default.applying(overrides)
        #expect(catalog.entry(for: "ID_RENEW")?.materials == [LocalizedText(zh: "原证", en: "old card")])
        #expect(catalog.entry(for: "ID_RENEW")?.requiredFields == ["name", "id", "renew_reason"])
        #expect(catalog.entry(for: "DEATH_DEREG") == nil)
        #expect(catalog.entry(for: "VEHICLE_NOTE")?.fields["mobile"]?.kind == .documentNumber)
    }

    @Test func loadsAnOverrideFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(#"{"version":1,"services":[{"code":"HH_SPLIT","category":"G"}]}"#.utf8).write(to: url)
        let catalog = try BusinessCatalog.load(overridesFrom: url)
        #expect(catalog.entry(for: "HH_SPLIT")?.category == "G")
    }

    @Test(arguments: [
        (#"{"version":1,"services":[{"code":"bad code"}]}"#, CatalogError.Code.invalidCode),
        (#"{"version":1,"services":[{"code":"NEW_ONE","category":"A"}]}"#, .incompleteEntry),
        (#"{"version":1,"services":[{"code":"ID_RENEW","category":"AB"}]}"#, .invalidCategory),
        (#"{"version":1,"services":[{"code":"ID_RENEW","required":["name","nope"]}]}"#, .undefinedField),
        (#"{"version":2,"services":[]}"#, .malformed),
        (#"{"services":"#, .malformed),
    ])
    func refusesBadOverrideFiles(json: String, code: CatalogError.Code) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(json.utf8).write(to: url)
        #expect {
            try BusinessCatalog.load(overridesFrom: url)
        } throws: { error in
            (error as? CatalogError)?.code == code
        }
    }

    @Test(arguments: [
        (
            #"{"version":1,"services":[{"code":"ID_RENEW","name":{"zh":"换领\u202e证件","en":"Renewal"}}]}"#,
            "services[0].name.zh"
        ),
        (
            #"{"version":1,"services":[{"code":"ID_RENEW","materials":[{"zh":"照片","en":"Photo"},{"zh":"身份证","en":"ID\u001b[2J"}]}]}"#,
            "services[0].materials[1].en"
        ),
        (
            #"{"version":1,"services":[{"code":"HH_SPLIT","presenceNote":{"zh":"本人\u200b到场","en":"In person"}}]}"#,
            "services[0].presenceNote.zh"
        ),
        (#"{"version":1,"services":[{"code":"HH_SPLIT","name":{"zh":" 分户","en":"Split"}}]}"#, "services[0].name.zh"),
        (
            #"{"version":1,"fields":{"mobile":{"kind":"documentNumber","label":{"zh":"手机\u2028号码","en":"Mobile"}}},"services":[]}"#,
            "fields.mobile.label.zh"
        ),
    ])
    func refusesOverrideTextsThatBreakTheTextRuleAtLoad(json: String, position: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(json.utf8).write(to: url)
        do {
            _ = try BusinessCatalog.load(overridesFrom: url)
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.code == .invalidText)
            #expect(error.message.contains(url.path + ": " + position + ":"), "\(error.message)")
        }
    }

    @Test func relationshipCodesFollowGBT4761() {
        for code in [
            "01", "02", "10", "11", "12", "20", "21", "28", "30", "31", "38", "40", "49", "50", "51", "52",
            "97", "99",
        ] {
            #expect(RelationshipCode(code: code) != nil, "\(code)")
        }
        for code in ["00", "03", "98", "100", "2", "ab"] { #expect(RelationshipCode(code: code) == nil, "\(code)") }
        #expect(RelationshipCode(code: "02")?.name.zh == "户主")
    }
}
