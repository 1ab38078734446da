import CounterTerminal
import Testing

@Suite("Counter command parser")
struct CounterCommandParserTests {
    let parser = CounterCommandParser()

    @Test(
        "English names, Chinese aliases and short forms mean the same command",
        arguments: [
            ("next", CounterCommand.next), ("叫号", .next), ("N", .next),
            ("recall", .recall), ("重呼", .recall),
            ("start", .start), ("开始", .start),
            ("complete", .complete), ("办结", .complete),
            ("noshow", .noShow), ("过号", .noShow),
            ("list", .list), ("列表", .list),
            ("help", .help), ("帮助", .help), ("?", .help),
            ("quit", .quit), ("退出", .quit), ("EXIT", .quit),
            ("confirm", .confirm(nil)), ("确认", .confirm(nil)),
            ("suspend", .suspend(reason: nil)), ("挂起", .suspend(reason: nil)),
        ]
    )
    func names(line: String, expected: CounterCommand) throws {
        #expect(try parser.parse(line) == expected)
    }

    @Test("arguments: IDs, windows, tickets; full-width digits and ideographic spaces")
    func arguments() throws {
        #expect(try parser.parse("confirm 12") == .confirm(12))
        #expect(try parser.parse("确认　#12") == .confirm(12))
        #expect(try parser.parse("确认 １２") == .confirm(12))
        #expect(try parser.parse("  transfer   3 ") == .transfer(window: 3))
        #expect(try parser.parse("转窗 ２") == .transfer(window: 2))
        #expect(try parser.parse("resume 7") == .resume(7))
        #expect(try parser.parse("恢复 7") == .resume(7))
        #expect(try parser.parse("find a001") == .find(ticket: "A001"))
        #expect(try parser.parse("查找 B012") == .find(ticket: "B012"))
        #expect(try parser.parse("suspend 缺户口簿") == .suspend(reason: "缺户口簿"))
        #expect(try parser.parse("") == .empty)
        #expect(try parser.parse("　 ") == .empty)
    }

    @Test("reject takes an optional ID before a reason of several words")
    func reject() throws {
        #expect(try parser.parse("reject 12 材料不全") == .reject(12, reason: "材料不全"))
        #expect(try parser.parse("退回 材料不全") == .reject(nil, reason: "材料不全"))
        #expect(try parser.parse("reject photo is missing") == .reject(nil, reason: "photo is missing"))
        #expect(try parser.parse("reject 12 photo is missing") == .reject(12, reason: "photo is missing"))
        // A lone number is a reason, not an ID with no reason.
        #expect(try parser.parse("reject 12") == .reject(nil, reason: "12"))
    }

    @Test("a reason with a bidi override, a zero-width character or a line separator is refused")
    func reasonTextRule() {
        for reason in ["材料\u{202E}不全", "photo\u{200B}missing", "a\u{2028}b", "x\u{1B}[2J"] {
            #expect(throws: CounterCommandError.self) { try parser.parse("reject 12 \(reason)") }
            #expect(throws: CounterCommandError.self) { try parser.parse("suspend \(reason)") }
        }
    }

    @Test(
        "mistakes are errors with both languages",
        arguments: [
            ("dance", CounterCommandError.Code.unknownCommand),
            ("reject", .missingArgument),
            ("transfer", .missingArgument),
            ("transfer 0", .invalidArgument),
            ("transfer 1000", .invalidArgument),
            ("transfer two", .invalidArgument),
            ("resume", .missingArgument),
            ("resume abc", .invalidArgument),
            ("resume 0", .invalidArgument),
            ("resume 1234567890123456789", .invalidArgument),
            ("confirm 1 2", .extraArgument),
            ("next now", .extraArgument),
            ("find", .missingArgument),
            ("find 票", .invalidArgument),
            ("find ABC", .invalidArgument),
        ]
    )
    func mistakes(line: String, code: CounterCommandError.Code) {
        #expect {
            try parser.parse(line)
        } throws: { error in
            guard let error = error as? CounterCommandError else { return false }
            return error.code == code && !error.zh.isEmpty && !error.en.isEmpty
        }
    }

    @Test("overlong lines and control characters in reasons are refused")
    func bounds() {
        #expect(throws: CounterCommandError.self) {
            try parser.parse("reject " + String(repeating: "很", count: 600))
        }
        #expect(throws: CounterCommandError.self) {
            try parser.parse("reject " + String(repeating: "x", count: 250))
        }
        #expect(throws: CounterCommandError.self) {
            try parser.parse("reject bad\u{1B}[2Jreason")
        }
    }
}
