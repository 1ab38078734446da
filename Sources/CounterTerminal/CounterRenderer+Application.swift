public import CounterStore
public import Foundation
public import HukouIntent

/// The application view: what the citizen sent, in full, for the clerk serving the ticket.
///
/// Every field of the business in catalog order (required, then optional; keys the catalog does not know last, by
/// key) with its label, what each ID number says, the declared priority, the signature and the materials
/// checklist. Values are shown whole — this is the one screen that does — and each passes
/// ``TerminalText/safe(_:)``.
extension CounterRenderer {
    /// The lines of the application view.
    ///
    /// - Parameters:
    ///   - transaction: the transaction being served.
    ///   - applicant: its revealed applicant data, or `nil` for a service card.
    ///   - business: its catalog entry (labels, field order, English material names), if the catalog knows it.
    ///   - checked: the material numbers (from 1) ticked off.
    ///   - now: the current instant, for ages.
    public func application(
        _ transaction: CounterTransaction,
        applicant: ApplicantRecord?,
        business: BusinessEntry?,
        checked: Set<Int>,
        now: Date
    ) -> [String] {
        let ticket = transaction.ticket ?? "#\(transaction.id)"
        var lines = ["┏ " + t("申请表", "Application") + " #\(transaction.id)  \(ticket)  " + businessName(transaction)]
        if let applicant {
            for (key, value) in Self.orderedFields(applicant, business: business) {
                let spec = business?.fields[key]
                let label = spec.map { language == .zh ? $0.label.zh : $0.label.en } ?? key
                lines.append("┃ " + TerminalText.safe(label) + ": " + fieldValue(value, kind: spec?.kind))
                if spec?.kind == .idNumber || (spec == nil && key == "id") {
                    lines.append("┃   " + idFacts(value, now: now))
                }
            }
        } else {
            lines.append("┃ " + t("服务卡，无个人数据", "service card, no data"))
        }
        let declared = transaction.priority == .normal ? t("无", "none") : priorityName(transaction.priority)
        lines.append("┃ " + t("申报优先", "Declared priority") + ": " + declared)
        var signature = signatureText(transaction.signatureStatus) + " · " + profileText(transaction.profile)
        if applicant == nil { signature += " · " + t("服务卡，无个人数据", "service card, no data") }
        lines.append("┃ " + t("签名", "Signature") + ": " + TerminalText.safe(signature))
        lines += checklist(transaction, business: business, checked: checked)
        return lines
    }

    /// The materials checklist, numbered from 1, with the ticked ones marked.
    public func checklist(_ transaction: CounterTransaction, business: BusinessEntry?, checked: Set<Int>) -> [String] {
        guard !transaction.materials.isEmpty else {
            return ["┗ " + t("无需核验材料", "no materials to check")]
        }
        var lines = ["┃ " + t("核验材料", "Materials") + " (\(checked.count)/\(transaction.materials.count)):"]
        for (index, name) in transaction.materials.enumerated() {
            let mark = checked.contains(index + 1) ? "[✓]" : "[ ]"
            lines.append("┃   \(mark) \(index + 1) " + TerminalText.safe(materialName(name, business: business)))
        }
        lines.append(
            "┗ " + t("逐项核验：核验 1 2 …；办结：办结", "tick off: check 1 2 …; done: complete")
        )
        return lines
    }

    /// The material's name in the terminal's language (the store keeps the Chinese name; the catalog the English).
    func materialName(_ zh: String, business: BusinessEntry?) -> String {
        guard language == .en, let entry = business?.materials.first(where: { $0.zh == zh }) else { return zh }
        return entry.en
    }

    /// The fields present, in catalog order, then the keys the catalog does not know (name and ID number first, the
    /// others by key).
    static func orderedFields(_ applicant: ApplicantRecord, business: BusinessEntry?) -> [(key: String, value: String)]
    {
        var values = applicant.fields
        if let name = applicant.name { values["name"] = name }
        if let id = applicant.idNumber { values["id"] = id }
        var ordered: [(key: String, value: String)] = []
        for key in (business?.requiredFields ?? []) + (business?.optionalFields ?? []) {
            if let value = values.removeValue(forKey: key) { ordered.append((key, value)) }
        }
        // Not in the catalog: the applicant's name and ID number first, then the rest by key.
        let rest =
            ["name", "id"].filter { values[$0] != nil } + values.keys.filter { $0 != "name" && $0 != "id" }.sorted()
        for key in rest { ordered.append((key, values[key] ?? "")) }
        return ordered
    }

    /// A value for display: sex and relationship codes named, everything else whole; always terminal-safe.
    func fieldValue(_ value: String, kind: FieldKind?) -> String {
        switch kind {
        case .sex:
            switch value {
            case Sex.male.rawValue: return t("男", "male")
            case Sex.female.rawValue: return t("女", "female")
            default: return TerminalText.safe(value)
            }
        case .relationship:
            guard let code = RelationshipCode(code: value) else { return TerminalText.safe(value) }
            return (language == .zh ? code.name.zh : code.name.en) + " (\(code.code))"
        default:
            return TerminalText.safe(value)
        }
    }

    /// What an ID number says: birth date, age, sex, region (province name and the six-digit code).
    func idFacts(_ value: String, now: Date) -> String {
        guard let facts = IDNumberFacts(value, now: now) else {
            return t("（号码无法解析，请人工核对）", "(the number does not parse; check it by hand)")
        }
        let sex = facts.sex == .male ? t("男", "male") : t("女", "female")
        let region = "\(facts.province) (\(facts.regionCode))"
        return t(
            "↳ 出生 \(facts.birthDate) · \(facts.age) 岁 · \(sex) · \(region)",
            "↳ born \(facts.birthDate) · age \(facts.age) · \(sex) · \(region)"
        )
    }
}
