import HukouIntent
import Testing

@Suite struct PersonNameTests {
    @Test(arguments: [
        "张三", "欧阳娜娜", "阿依古丽·买买提", "王𠮷", "𪚥𪚥", "〇一", "爱新觉罗·溥仪",
        String(repeating: "龘", count: 50),
    ])
    func acceptsNames(name: String) throws {
        let parsed = try PersonName(name)
        #expect(parsed.value == name)
        #expect(parsed.notes.isEmpty)
    }

    @Test func countsCharactersNotCodeUnits() throws {
        // 25 characters outside the BMP are 50 UTF-16 units but only 25 Characters.
        let name = String(repeating: "𠀀", count: 25)
        #expect(name.utf16.count == 50)
        #expect(throws: Never.self) { try PersonName(name) }
        #expect(throws: Never.self) { try PersonName(String(repeating: "𠀀", count: 50)) }
    }

    @Test(arguments: [
        ("", FieldIssue.Code.nameEmpty),
        (String(repeating: "张", count: 51), .nameTooLong),
        ("阿依古丽•买买提", .nameLookalikeSeparator),
        ("阿依古丽・买买提", .nameLookalikeSeparator),
        ("阿依古丽･买买提", .nameLookalikeSeparator),
        ("阿依古丽‧买买提", .nameLookalikeSeparator),
        ("阿依古丽⋅买买提", .nameLookalikeSeparator),
        ("阿依古丽.买买提", .nameLookalikeSeparator),
        ("阿依古丽\u{0387}买买提", .nameLookalikeSeparator),
        ("·买买提", .nameSeparatorPlacement),
        ("买买提·", .nameSeparatorPlacement),
        ("阿依古丽··买买提", .nameSeparatorPlacement),
        ("张 三", .nameWhitespace),
        ("张三\u{3000}", .nameWhitespace),
        ("Zhang", .nameCharacter),
        ("张3", .nameCharacter),
        ("张\u{E000}", .nameCharacter),
        ("张\u{200B}三", .nameCharacter),
    ])
    func refusesNames(name: String, code: FieldIssue.Code) {
        #expect {
            try PersonName(name, field: "data.name")
        } throws: { error in
            guard let reasons = (error as? IntentRejection)?.reasons else { return false }
            return reasons.map(\.code) == [code] && reasons.allSatisfy { $0.field == "data.name" && !$0.zh.isEmpty }
        }
    }

    @Test func singleCharacterNamesAreNoted() throws {
        let name = try PersonName("林")
        #expect(name.notes.map(\.code) == [.nameSingleCharacter])
    }
}
