public import Foundation
public import HukouIntent

/// What a resident ID number says about its holder — birth date, age, sex, region — for the application view and the
/// hand-off record.
public struct IDNumberFacts: Sendable, Hashable, Codable {
    /// The birth date, `YYYY-MM-DD`.
    public var birthDate: String
    /// The age in whole years on the day of `now` (Beijing).
    public var age: Int
    /// The sex the sequence code encodes.
    public var sex: Sex
    /// The province-level division's Chinese name (the two-digit code's; the six-digit list changes, this does not).
    public var province: String
    /// The six-digit address code (GB/T 2260, possibly a retired code).
    public var regionCode: String

    enum CodingKeys: String, CodingKey {
        case age, sex, province
        case birthDate = "birth_date"
        case regionCode = "region_code"
    }

    /// The facts of `value`, or `nil` if it does not validate as a resident ID number at `now`.
    public init?(_ value: String, now: Date) {
        guard let number = try? ResidentIDNumber(value, now: now) else { return nil }
        let today = CalendarDate.today(at: now)
        let birth = number.birthDate
        birthDate = birth.description
        age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day) ? 1 : 0)
        sex = number.sex
        province = ProvinceCode.names[number.provinceCode] ?? "?"
        regionCode = number.regionCode
    }
}
