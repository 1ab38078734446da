import Foundation
import HukouText

/// Validates a phone intent's `data` object against a business entry: every required field present, nothing
/// undefined, every value valid for its ``FieldKind``. Collects all problems rather than stopping at the first.
struct FieldValidator {
    let entry: BusinessEntry
    let now: Date

    func validate(_ data: [String: String]) -> (applicant: ApplicantData, notes: [FieldIssue], issues: [FieldIssue]) {
        var issues: [FieldIssue] = []
        var notes: [FieldIssue] = []
        var applicant = ApplicantData()
        for key in entry.requiredFields where data[key] == nil {
            let label = entry.fields[key]?.label ?? LocalizedText(zh: key, en: key)
            issues.append(
                FieldIssue(
                    field: "data.\(key)",
                    code: .missingField,
                    zh: "缺少必填项：\(label.zh)",
                    en: "\(entry.code) requires \(label.en)"
                )
            )
        }
        for (key, raw) in data.sorted(by: { $0.key < $1.key }) {
            let field = "data.\(key)"
            guard let spec = entry.fields[key] else {
                // The key is the tag's choice: echoed only as printable ASCII (logs, the clerk's screen, stderr).
                let shown = FieldIssue.shownName(key)
                issues.append(
                    FieldIssue(
                        field: "data.\(shown)",
                        code: .unknownField,
                        zh: "本业务不收集“\(shown)”",
                        en: "\(entry.code) does not collect \(shown)"
                    )
                )
                continue
            }
            do {
                let (value, fieldNotes) = try Self.check(raw, spec: spec, field: field, now: now)
                notes += fieldNotes
                switch (key, spec.kind) {
                case ("name", _): applicant.name = value
                case ("id", _): applicant.idNumber = value
                case ("hh", _): applicant.householdNumber = value
                case ("rel", _): applicant.relationship = RelationshipCode(code: value)
                case (_, .address): applicant.addresses[key] = value
                default: applicant.extra[key] = value
                }
            } catch {
                issues += error.reasons
            }
        }
        return (applicant, notes, issues)
    }

    /// Validates one value; returns it normalised plus notes for the clerk.
    static func check(
        _ raw: String,
        spec: FieldSpec,
        field: String,
        now: Date
    ) throws(IntentRejection) -> (String, [FieldIssue]) {
        func reject(_ code: FieldIssue.Code, _ zh: String, _ en: String) -> IntentRejection {
            IntentRejection(field: field, code: code, zh: "\(spec.label.zh)：\(zh)", en: "\(spec.label.en): \(en)")
        }
        switch spec.kind {
        case .personName:
            let name = try PersonName(raw, field: field)
            return (name.value, name.notes)
        case .idNumber:
            let id = try ResidentIDNumber(raw, now: now, field: field)
            return (id.value, id.notes)
        case .householdNumber:
            let bytes = Array(raw.utf8)
            guard (1...20).contains(bytes.count), bytes.allSatisfy(Self.isASCIIAlphanumeric) else {
                throw reject(.invalidValue, "户号应为1–20位字母或数字", "1–20 ASCII letters or digits")
            }
            return (raw, [])
        case .relationship:
            guard RelationshipCode(code: raw) != nil else {
                throw reject(
                    .invalidRelationship,
                    "“\(SafeText.quoted(raw, limit: 8))”不是GB/T 4761-2008家庭关系代码",
                    "\"\(SafeText.quoted(raw, limit: 8))\" is not a GB/T 4761-2008 code"
                )
            }
            return (raw, [])
        case .address:
            try checkText(raw, range: 2...120, reject: reject)
            return (raw, [])
        case .text:
            try checkText(raw, range: 1...(spec.maxLength ?? 200), reject: reject)
            return (raw, [])
        case .pastDate:
            guard let date = CalendarDate(iso: raw) else {
                throw reject(.invalidDate, "日期格式应为YYYY-MM-DD且真实存在", "not a real YYYY-MM-DD date")
            }
            guard date <= CalendarDate.today(at: now) else {
                throw reject(.futureDate, "日期不能晚于今天", "the date is in the future")
            }
            guard date.year >= 1880 else {
                throw reject(.invalidDate, "日期早于1880年", "the date is before 1880")
            }
            return (raw, [])
        case .sex:
            guard Sex(rawValue: raw) != nil else {
                throw reject(.invalidValue, "应为male或female", "must be male or female")
            }
            return (raw, [])
        case .choice:
            let choices = spec.choices ?? []
            guard choices.contains(raw) else {
                throw reject(
                    .invalidValue,
                    "取值应为：\(choices.joined(separator: "、"))",
                    "must be one of \(choices.joined(separator: ", "))"
                )
            }
            return (raw, [])
        case .documentNumber:
            let bytes = Array(raw.utf8)
            guard (1...32).contains(bytes.count),
                bytes.allSatisfy({ isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "-") })
            else {
                throw reject(.invalidValue, "编号应为1–32位字母、数字或“-”", "1–32 ASCII letters, digits or '-'")
            }
            return (raw, [])
        }
    }

    private static func checkText(
        _ raw: String,
        range: ClosedRange<Int>,
        reject: (FieldIssue.Code, String, String) -> IntentRejection
    ) throws(IntentRejection) {
        let count = raw.count
        guard range.contains(count) else {
            throw reject(
                .invalidLength,
                "长度应为\(range.lowerBound)–\(range.upperBound)个字符",
                "must have \(range.lowerBound)–\(range.upperBound) characters, not \(count)"
            )
        }
        guard SafeText.problem(in: raw) == nil else {
            throw reject(.invalidCharacters, "含控制字符或首尾空白", "contains control characters or surrounding white space")
        }
    }

    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }
}
