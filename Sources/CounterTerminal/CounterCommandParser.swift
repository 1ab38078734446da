import HukouText

/// Turns a line the clerk typed into a ``CounterCommand``; pure, so it is tested without a terminal.
///
/// Words are separated by ASCII or ideographic (U+3000) spaces; English names are case-insensitive; every
/// command has a Chinese alias; full-width digits (from a Chinese input method) count as digits.
public struct CounterCommandParser: Sendable {
    /// The longest line accepted.
    public static let maximumLineLength = 500
    /// The longest reason accepted for `reject` and `suspend`.
    public static let maximumReasonLength = 200

    /// Creates a parser.
    public init() {}

    /// The command names, English first, then the Chinese alias, then short forms.
    static let names: [(words: [String], kind: Kind)] = [
        (["confirm", "确认", "c"], .confirm),
        (["reject", "退回", "rj"], .reject),
        (["next", "叫号", "n"], .next),
        (["recall", "重呼", "r"], .recall),
        (["start", "开始", "s"], .start),
        (["complete", "办结", "done"], .complete),
        (["noshow", "过号", "no-show"], .noShow),
        (["transfer", "转窗", "t"], .transfer),
        (["suspend", "挂起"], .suspend),
        (["resume", "恢复"], .resume),
        (["details", "详情", "d"], .details),
        (["check", "核验", "k"], .check),
        (["export", "导出", "x"], .export),
        (["list", "列表", "ls", "l"], .list),
        (["find", "查找", "f"], .find),
        (["help", "帮助", "?", "h"], .help),
        (["quit", "退出", "exit", "q"], .quit),
    ]

    enum Kind: Hashable {
        case confirm, reject, next, recall, start, complete, noShow, transfer, suspend, resume, details, check, export,
            list, find, help, quit
    }

    /// Parses one line.
    ///
    /// - Throws: ``CounterCommandError`` for an unknown command or wrong arguments.
    public func parse(_ line: String) throws(CounterCommandError) -> CounterCommand {
        guard line.count <= Self.maximumLineLength else {
            throw CounterCommandError(
                .lineTooLong,
                zh: "输入过长（最多 \(Self.maximumLineLength) 字）",
                en: "line too long (at most \(Self.maximumLineLength) characters)"
            )
        }
        let words = Self.split(line)
        guard let first = words.first else { return .empty }
        let arguments = Array(words.dropFirst())
        guard let kind = Self.kind(of: first) else {
            throw CounterCommandError(
                .unknownCommand,
                zh: "未知命令“\(first)”，输入 帮助 查看命令",
                en: "unknown command '\(first)'; type help for the list"
            )
        }
        switch kind {
        case .next, .recall, .start, .complete, .noShow, .details, .list:
            try Self.expect(arguments, atMost: 0, command: first)
            switch kind {
            case .next: return .next
            case .recall: return .recall
            case .start: return .start
            case .complete: return .complete
            case .noShow: return .noShow
            case .details: return .details
            default: return .list
            }
        case .check:
            return .check(try Self.materialNumbers(arguments, command: first))
        case .export:
            try Self.expect(arguments, atMost: 1, command: first)
            return .export(
                try arguments.first.map { word throws(CounterCommandError) in try Self.transactionID(word) }
            )
        case .confirm:
            try Self.expect(arguments, atMost: 1, command: first)
            return .confirm(
                try arguments.first.map { word throws(CounterCommandError) in try Self.transactionID(word) }
            )
        case .reject:
            guard !arguments.isEmpty else {
                throw Self.missing(command: first, zh: "退回原因", en: "a reason")
            }
            if arguments.count >= 2, Self.looksLikeID(arguments[0]) {
                return .reject(
                    try Self.transactionID(arguments[0]),
                    reason: try Self.reason(arguments.dropFirst().joined(separator: " "))
                )
            }
            return .reject(nil, reason: try Self.reason(arguments.joined(separator: " ")))
        case .transfer:
            guard let target = arguments.first else {
                throw Self.missing(command: first, zh: "目标窗口号", en: "the target window number")
            }
            try Self.expect(arguments, atMost: 1, command: first)
            let digits = Self.asciiDigits(target)
            guard digits.count <= 3, let window = Int(digits), (1...999).contains(window) else {
                throw CounterCommandError(
                    .invalidArgument,
                    zh: "窗口号“\(target)”无效（1–999）",
                    en: "window '\(target)' is not a number from 1 to 999"
                )
            }
            return .transfer(window: window)
        case .suspend:
            return .suspend(reason: arguments.isEmpty ? nil : try Self.reason(arguments.joined(separator: " ")))
        case .resume:
            guard let id = arguments.first else {
                throw Self.missing(command: first, zh: "业务编号", en: "a transaction ID")
            }
            try Self.expect(arguments, atMost: 1, command: first)
            return .resume(try Self.transactionID(id))
        case .find:
            guard let ticket = arguments.first else {
                throw Self.missing(command: first, zh: "票号", en: "a ticket number")
            }
            try Self.expect(arguments, atMost: 1, command: first)
            return .find(ticket: try Self.ticket(ticket))
        case .help:
            return .help
        case .quit:
            return .quit
        }
    }

    // MARK: - Words

    static func split(_ line: String) -> [String] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" || $0 == "\r" || $0 == "\n" })
            .map(String.init)
    }

    static func kind(of word: String) -> Kind? {
        let lowered = word.lowercased()
        return names.first(where: { $0.words.contains(lowered) })?.kind
    }

    /// Maps full-width digits (U+FF10–U+FF19) to ASCII; leaves other characters.
    static func asciiDigits(_ word: String) -> String {
        String(
            word.unicodeScalars.map { scalar -> Character in
                if (0xFF10...0xFF19).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFF10 + 0x30) {
                    return Character(ascii)
                }
                return Character(scalar)
            }
        )
    }

    /// A transaction ID as the clerk types it: a positive decimal number of at most 18 digits, optionally after `#`.
    static func looksLikeID(_ word: String) -> Bool {
        idValue(word) != nil
    }

    private static func idValue(_ word: String) -> Int64? {
        var text = Substring(asciiDigits(word))
        if text.first == "#" { text = text.dropFirst() }
        guard !text.isEmpty, text.count <= 18, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }),
            let value = Int64(text), value > 0
        else { return nil }
        return value
    }

    static func transactionID(_ word: String) throws(CounterCommandError) -> Int64 {
        guard let value = idValue(word) else {
            throw CounterCommandError(
                .invalidArgument,
                zh: "业务编号“\(word)”无效（应为数字，如 12）",
                en: "'\(word)' is not a transaction ID (a number, e.g. 12)"
            )
        }
        return value
    }

    static func ticket(_ word: String) throws(CounterCommandError) -> String {
        let text = asciiDigits(word).uppercased()
        guard (2...12).contains(text.count), text.unicodeScalars.allSatisfy(isASCIIAlphanumeric),
            text.unicodeScalars.contains(where: { ("0"..."9").contains($0) })
        else {
            throw CounterCommandError(
                .invalidArgument,
                zh: "票号“\(word)”无效（例如 A001）",
                en: "'\(word)' is not a ticket number (e.g. A001)"
            )
        }
        return text
    }

    /// The most material numbers one `check` takes (the store's bound on a checklist).
    static let maximumMaterialNumbers = 32

    /// Material numbers from 1 to 32, separated by spaces, commas (`,` `，`) or `、`.
    static func materialNumbers(_ arguments: [String], command: String) throws(CounterCommandError) -> [Int] {
        let words = arguments.flatMap { $0.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" }) }
        guard !words.isEmpty else { throw missing(command: command, zh: "材料序号", en: "material numbers") }
        var numbers: [Int] = []
        for word in words {
            let digits = asciiDigits(String(word))
            guard digits.count <= 2, digits.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }),
                let number = Int(digits), (1...maximumMaterialNumbers).contains(number)
            else {
                throw CounterCommandError(
                    .invalidArgument,
                    zh: "材料序号“\(word)”无效（1–\(maximumMaterialNumbers)）",
                    en: "'\(word)' is not a material number (1 to \(maximumMaterialNumbers))"
                )
            }
            numbers.append(number)
        }
        guard numbers.count <= maximumMaterialNumbers else {
            throw CounterCommandError(.extraArgument, zh: "材料序号过多", en: "too many material numbers")
        }
        return numbers
    }

    static func reason(_ text: String) throws(CounterCommandError) -> String {
        guard text.count <= maximumReasonLength else {
            throw CounterCommandError(
                .invalidArgument,
                zh: "原因过长（最多 \(maximumReasonLength) 字）",
                en: "reason too long (at most \(maximumReasonLength) characters)"
            )
        }
        guard SafeText.firstForbidden(in: text) == nil else {
            throw CounterCommandError(
                .invalidArgument,
                zh: "原因含有控制字符或格式字符（如双向文本控制符、零宽字符）",
                en:
                    "the reason contains control or format characters (bidi controls, zero-width characters, line breaks)"
            )
        }
        return text
    }

    static func expect(_ arguments: [String], atMost count: Int, command: String) throws(CounterCommandError) {
        guard arguments.count <= count else {
            throw CounterCommandError(
                .extraArgument,
                zh: "“\(command)”多余的参数：\(arguments.dropFirst(count).joined(separator: " "))",
                en:
                    "'\(command)' takes at most \(count) argument(s); extra: \(arguments.dropFirst(count).joined(separator: " "))"
            )
        }
    }

    static func missing(command: String, zh: String, en: String) -> CounterCommandError {
        CounterCommandError(.missingArgument, zh: "“\(command)”需要\(zh)", en: "'\(command)' needs \(en)")
    }
}

private func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
    ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
}
