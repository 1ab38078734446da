import HukouText
import Testing

@Suite struct SafeTextTests {
    @Test func forbidsExactlyControlsFormatCharactersAndTheTwoSeparators() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let category = scalar.properties.generalCategory
            let expected = category == .control || category == .format || value == 0x2028 || value == 0x2029
            #expect(SafeText.isForbidden(scalar) == expected)
            let text = "a" + String(Character(scalar)) + "b"
            #expect((SafeText.firstForbidden(in: text) != nil) == expected)
        }
    }

    @Test func namesTheProblemAndItsPlace() {
        #expect(SafeText.problem(in: "张三") == nil)
        #expect(SafeText.problem(in: "clerk\u{202E}07") == .forbiddenCharacter(offset: 5, scalar: "\u{202E}"))
        #expect(SafeText.problem(in: "a\u{200B}") == .forbiddenCharacter(offset: 1, scalar: "\u{200B}"))
        #expect(SafeText.problem(in: "x\u{2028}y") == .forbiddenCharacter(offset: 1, scalar: "\u{2028}"))
        #expect(SafeText.problem(in: "a\u{1B}[2J") == .forbiddenCharacter(offset: 1, scalar: "\u{1B}"))
        #expect(SafeText.problem(in: " 张三") == .surroundingWhiteSpace)
        #expect(SafeText.problem(in: " 张三", allowSurroundingWhiteSpace: true) == nil)
    }

    @Test func escapesForLogsAndQuotesForMessages() {
        #expect(
            SafeText.escaped("tap\nstored \u{1B}]0;x\u{07} \u{202E}")
                == "tap\\u{000A}stored \\u{001B}]0;x\\u{0007} \\u{202E}"
        )
        #expect(SafeText.escaped("a\\u{000A}") == "a\\\\u{000A}")
        #expect(SafeText.escaped("迁入登记 Move-in") == "迁入登记 Move-in")
        #expect(SafeText.quoted("x\u{1B}[2J\n", limit: 4) == "x?[2…")
    }
}
