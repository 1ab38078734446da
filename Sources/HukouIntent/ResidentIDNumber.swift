public import Foundation
import HukouText

/// A validated citizen identity number (公民身份号码, GB 11643-1999).
///
/// Normalisation, decided once for the whole system: a lower-case `x` check character becomes `X`; everything
/// else that is not plain ASCII is refused with a reason, never silently repaired: white space anywhere
/// (``FieldIssue/Code/idWhitespace``) and full-width digits or letters (``FieldIssue/Code/idFullWidth``). A legacy
/// 15-digit number is upgraded to 18 digits (``upgradedFromLegacy``) unless its sequence code is 996–999.
///
/// ``description`` is masked (`110***********0011`), so interpolating this value into a log never leaks it.
public struct ResidentIDNumber: Sendable, Hashable, CustomStringConvertible {
    /// The normalised 18-character number.
    public let value: String
    /// The birth date encoded in the number.
    public let birthDate: CalendarDate
    /// The three-digit sequence code.
    public let sequence: Int
    /// Whether the input was a legacy 15-digit number upgraded here.
    public let upgradedFromLegacy: Bool

    /// The sex encoded by the sequence code: odd is male, even is female.
    public var sex: Sex { sequence % 2 == 1 ? .male : .female }
    /// The six-digit address code (GB/T 2260, possibly a retired code).
    public var regionCode: String { String(value.prefix(6)) }
    /// The two-digit province-level code.
    public var provinceCode: String { String(value.prefix(2)) }
    /// Things the clerk should look at although the number is accepted (sequence 000, upgraded legacy number).
    public let notes: [FieldIssue]

    /// The weights Wᵢ = 2^(17−i) mod 11 of ISO 7064 MOD 11-2.
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    /// Y = S mod 11 → check character.
    static let checkCharacters: [UInt8] = Array("10X98765432".utf8)

    /// Validates and normalises an ID number.
    ///
    /// - Parameters:
    ///   - text: the number as given.
    ///   - now: the current instant; the birth date may not lie after today in Beijing.
    ///   - field: the field name to report in issues.
    /// - Throws: ``IntentRejection`` listing why the number is refused.
    public init(_ text: String, now: Date, field: String = "id") throws(IntentRejection) {
        func reject(_ code: FieldIssue.Code, _ zh: String, _ en: String) -> IntentRejection {
            IntentRejection(field: field, code: code, zh: zh, en: en)
        }
        if text.isEmpty { throw reject(.idEmpty, "身份号码为空", "the ID number is empty") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(18)
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                throw reject(.idWhitespace, "身份号码中含有空格，请删除空格", "the ID number contains white space; remove it")
            }
            if (0xFF10...0xFF19).contains(scalar.value) || (0xFF21...0xFF5A).contains(scalar.value) {
                throw reject(.idFullWidth, "身份号码含全角字符，请使用半角数字", "full-width characters; use ASCII digits")
            }
            guard scalar.isASCII else {
                throw reject(.idCharacter, "身份号码含非法字符", "the ID number contains a character other than digits and X")
            }
            bytes.append(UInt8(scalar.value))
            if bytes.count > 18 { break }
        }
        var upgraded = false
        switch bytes.count {
        case 18:
            if bytes[17] == UInt8(ascii: "x") { bytes[17] = UInt8(ascii: "X") }
            guard bytes[0..<17].allSatisfy(Self.isDigit), Self.isDigit(bytes[17]) || bytes[17] == UInt8(ascii: "X")
            else {
                throw reject(
                    .idCharacter,
                    "身份号码前17位须为数字，末位为数字或X",
                    "the first 17 characters must be digits and the last a digit or X"
                )
            }
        case 15:
            guard bytes.allSatisfy(Self.isDigit) else {
                throw reject(.idCharacter, "15位身份号码须全部为数字", "a 15-digit ID number must be all digits")
            }
            let legacySequence = Int(CalendarDate.number(bytes[12..<15]) ?? 0)
            if legacySequence >= 996 {
                throw reject(
                    .idLegacyCentenarian,
                    "15位号码顺序码为\(legacySequence)（996–999可能表示百岁老人），无法自动升位，请人工核对",
                    "legacy sequence \(legacySequence) (996–999 may mean born in the 1800s); cannot upgrade automatically"
                )
            }
            bytes = Array(bytes[0..<6]) + Array("19".utf8) + Array(bytes[6..<15])
            bytes.append(Self.checkCharacter(for: bytes))
            upgraded = true
        default:
            throw reject(
                .idLength,
                "身份号码应为18位（或旧式15位），实际\(text.count)位",
                "an ID number has 18 characters (or 15 legacy digits), not \(text.count)"
            )
        }
        let expected = Self.checkCharacter(for: Array(bytes[0..<17]))
        guard expected == bytes[17] else {
            throw reject(
                .idChecksum,
                "身份号码校验码错误",
                "the check character is wrong (ISO 7064 MOD 11-2)"
            )
        }
        let province = String(decoding: bytes[0..<2], as: UTF8.self)
        guard ProvinceCode.isValid(province) else {
            throw reject(
                .idProvince,
                "身份号码前两位\(province)不是有效的省级行政区划代码",
                "\(province) is not a province-level code (GB/T 2260)"
            )
        }
        guard let year = CalendarDate.number(bytes[6..<10]), let month = CalendarDate.number(bytes[10..<12]),
            let day = CalendarDate.number(bytes[12..<14]), let birth = CalendarDate(year: year, month: month, day: day),
            year >= 1800
        else {
            throw reject(.idBirthDate, "身份号码中的出生日期不存在", "the birth date in the ID number does not exist")
        }
        guard birth <= CalendarDate.today(at: now) else {
            throw reject(.idFutureBirthDate, "身份号码中的出生日期晚于今天", "the birth date in the ID number is in the future")
        }
        let sequence = CalendarDate.number(bytes[14..<17]) ?? 0
        var notes: [FieldIssue] = []
        if upgraded {
            notes.append(
                FieldIssue(
                    field: field,
                    code: .idUpgradedFromLegacy,
                    zh: "旧式15位号码已升为18位，请核对证件",
                    en: "a legacy 15-digit number was upgraded to 18 digits; check the document"
                )
            )
        }
        if sequence == 0 {
            notes.append(
                FieldIssue(
                    field: field,
                    code: .idSequenceZero,
                    zh: "顺序码为000，实际中通常不分配，请核对证件",
                    en: "sequence code 000 is normally unassigned; check the document"
                )
            )
        }
        self.value = String(decoding: bytes, as: UTF8.self)
        self.birthDate = birth
        self.sequence = sequence
        self.upgradedFromLegacy = upgraded
        self.notes = notes
    }

    /// The check character for a 17-digit body.
    static func checkCharacter(for body: [UInt8]) -> UInt8 {
        var sum = 0
        for index in 0..<17 { sum += Int(body[index] &- UInt8(ascii: "0")) * weights[index] }
        return checkCharacters[sum % 11]
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    public var description: String { PrivacyMask.idNumber(value) }
}
