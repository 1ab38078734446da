import Foundation
import Testing

@testable import CounterStore

@Suite("Tap-path JSON")
struct JSONTextTests {
    static let awkward = ["", "居民身份证", "quote \" backslash \\ slash /", "tab\tnew\nline\r", "\u{1}\u{1F}", "😀·"]

    @Test("arrays decode to the same strings")
    func arrays() throws {
        let text = JSONText.array(Self.awkward)
        #expect(try JSONDecoder().decode([String].self, from: Data(text.utf8)) == Self.awkward)
        #expect(JSONText.array([]) == "[]")
    }

    @Test("applicant records decode to the same record")
    func applicants() throws {
        let records = [
            ApplicantRecord(),
            ApplicantRecord(name: "买买提·艾力", idNumber: "65010219800101001X"),
            ApplicantRecord(
                name: nil,
                idNumber: "1",
                fields: Dictionary(uniqueKeysWithValues: Self.awkward.map { ($0, $0) })
            ),
        ]
        for record in records {
            let text = JSONText.applicant(record)
            #expect(try JSONDecoder().decode(ApplicantRecord.self, from: Data(text.utf8)) == record)
        }
    }
}
