import Foundation
import HukouIntent
import Testing

@Suite struct ResidentIDNumberTests {
    let now = Fixtures.now

    @Test(arguments: [
        ("11010519491231002X", "1949-12-31", Sex.female, "110105"),
        ("440524188001010014", "1880-01-01", Sex.male, "440524"),
        ("110101199003070011", "1990-03-07", Sex.male, "110101"),
        ("110101200002290026", "2000-02-29", Sex.female, "110101"),
        ("11010119900101004X", "1990-01-01", Sex.female, "110101"),
        ("500102198512010038", "1985-12-01", Sex.male, "500102"),
    ])
    func acceptsStandardAndWorkedExamples(number: String, birth: String, sex: Sex, region: String) throws {
        let id = try ResidentIDNumber(number, now: now)
        #expect(id.value == number)
        #expect(id.birthDate.description == birth)
        #expect(id.sex == sex)
        #expect(id.regionCode == region)
        #expect(id.notes.isEmpty)
    }

    @Test(arguments: [
        ("110101199003070012", FieldIssue.Code.idChecksum),
        ("110101199002300014", .idBirthDate),
        ("110101209912310015", .idFutureBirthDate),
        ("999999199003070012", .idProvince),
        ("11010119900307001", .idLength),
        ("1101011990030700111", .idLength),
        ("", .idEmpty),
        ("１１０１０１１９９００３０７００１１", .idFullWidth),
        ("11010119900307001Ｘ", .idFullWidth),
        ("110101 199003070011", .idWhitespace),
        (" 110101199003070011", .idWhitespace),
        ("110101199003070011\u{3000}", .idWhitespace),
        ("11010119900307001A", .idCharacter),
        ("X10101199003070011", .idCharacter),
        ("11010119900307é011", .idCharacter),
        ("110101900307997", .idLegacyCentenarian),
        ("11010190030700A", .idCharacter),
    ])
    func refusesInvalidNumbers(number: String, code: FieldIssue.Code) {
        #expect {
            try ResidentIDNumber(number, now: now)
        } throws: { error in
            (error as? IntentRejection)?.reasons.map(\.code) == [code]
        }
    }

    @Test func normalisesLowerCaseX() throws {
        let id = try ResidentIDNumber("11010519491231002x", now: now)
        #expect(id.value == "11010519491231002X")
    }

    @Test func flagsSequenceZero() throws {
        let id = try ResidentIDNumber("110101199003070003", now: now)
        #expect(id.notes.map(\.code) == [.idSequenceZero])
    }

    @Test func upgradesLegacyNumbers() throws {
        let id = try ResidentIDNumber("110101900307001", now: now)
        #expect(id.value == "110101199003070011")
        #expect(id.upgradedFromLegacy)
        #expect(id.notes.map(\.code) == [.idUpgradedFromLegacy])
    }

    @Test func futureDependsOnBeijingToday() throws {
        // 2026-02-28 16:30 UTC is already 2026-03-01 in Beijing.
        let lateEvening = Date(timeIntervalSince1970: 1_772_296_200)
        #expect(CalendarDate.today(at: lateEvening).description == "2026-03-01")
        let bornToday = "110101202603010010"
        let body = Array(bornToday.utf8.prefix(17))
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
        let check = Array("10X98765432")[sum % 11]
        let number = String(decoding: body, as: UTF8.self) + String(check)
        #expect(throws: Never.self) { try ResidentIDNumber(number, now: lateEvening) }
        #expect(throws: IntentRejection.self) {
            try ResidentIDNumber(number, now: lateEvening.addingTimeInterval(-3600))
        }
    }

    @Test func descriptionIsMasked() throws {
        let id = try ResidentIDNumber("110101199003070011", now: now)
        #expect("\(id)" == "110***********0011")
    }

    @Test func provinceTableHasThe34Divisions() {
        #expect(ProvinceCode.names.count == 34)
        for code in ["11", "46", "50", "65", "71", "81", "82"] { #expect(ProvinceCode.isValid(code)) }
        for code in ["10", "16", "47", "66", "72", "83", "99", "00"] { #expect(!ProvinceCode.isValid(code)) }
    }
}
