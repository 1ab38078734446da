import HukouText

/// A validated personal name as registered in the household register.
///
/// Rules (domain notes §2; the 2016 统一姓名采集应用规范 notice):
/// - Chinese characters only, by the Unicode `Ideographic` property, so every CJK extension (including characters
///   outside the BMP, U+20000…) is accepted; no `[\u4e00-\u9fa5]` range. Ideographic variation selectors may follow
///   a character. Private-use code points (locally coded rare characters) are refused: the clerk enters those.
/// - The only separator is the middle dot U+00B7 `·`, between parts of a minority name: never first, last or doubled.
///   Look-alikes (• ・ ･ ‧ ⋅ . ． · ∙) are refused with a hint rather than silently mapped: mapping needs the clerk.
/// - Length is counted in `Character`s: 1 to 50, separators included. A one-character name is accepted with a note
///   (local rules want at least two characters except for some minority customary names; the clerk decides).
/// - The text is kept exactly as given (no Unicode normalisation), since compatibility ideographs are distinct names.
///
/// ``description`` is masked.
public struct PersonName: Sendable, Hashable, CustomStringConvertible {
    /// The name, unchanged.
    public let value: String
    /// Things the clerk should look at although the name is accepted.
    public let notes: [FieldIssue]

    /// The separator of minority names, U+00B7 MIDDLE DOT.
    public static let separator: Character = "\u{00B7}"
    /// The most characters a name may have.
    public static let maximumLength = 50
    /// Characters people type instead of U+00B7.
    static let lookalikes: Set<Unicode.Scalar> = [
        "\u{2022}", "\u{30FB}", "\u{FF65}", "\u{2027}", "\u{22C5}", "\u{002E}", "\u{FF0E}", "\u{0387}", "\u{2219}",
        "\u{16EB}", "\u{2E31}", "\u{A78F}",
    ]

    /// Validates a name.
    ///
    /// - Parameters:
    ///   - text: the name as given.
    ///   - field: the field name to report.
    /// - Throws: ``IntentRejection`` with the reason.
    public init(_ text: String, field: String = "name") throws(IntentRejection) {
        func reject(_ code: FieldIssue.Code, _ zh: String, _ en: String) -> IntentRejection {
            IntentRejection(field: field, code: code, zh: zh, en: en)
        }
        guard !text.isEmpty else { throw reject(.nameEmpty, "姓名为空", "the name is empty") }
        let characters = Array(text)
        guard characters.count <= Self.maximumLength else {
            throw reject(
                .nameTooLong,
                "姓名最多\(Self.maximumLength)个字符，实际\(characters.count)个",
                "a name has at most \(Self.maximumLength) characters, this one \(characters.count)"
            )
        }
        var previousWasSeparator = true
        for (index, character) in characters.enumerated() {
            let scalars = character.unicodeScalars
            if scalars.contains(where: { $0.properties.isWhitespace }) {
                throw reject(.nameWhitespace, "姓名中不能有空格", "the name contains white space")
            }
            if let first = scalars.first, scalars.count == 1, Self.lookalikes.contains(first) {
                throw reject(
                    .nameLookalikeSeparator,
                    "第\(index + 1)个字符不是间隔号，少数民族姓名请使用“·”（U+00B7）",
                    "character \(index + 1) looks like a separator; minority names use \"·\" (U+00B7)"
                )
            }
            if character == Self.separator {
                guard !previousWasSeparator, index != characters.count - 1 else {
                    throw reject(
                        .nameSeparatorPlacement,
                        "间隔号“·”不能在姓名首尾或连续出现",
                        "the separator \"·\" may not start or end the name or appear twice in a row"
                    )
                }
                previousWasSeparator = true
                continue
            }
            guard Self.isNameCharacter(character) else {
                throw reject(
                    .nameCharacter,
                    "第\(index + 1)个字符不是汉字；生僻字请由窗口人工录入",
                    "character \(index + 1) is not a Chinese character; rare local characters are entered by the clerk"
                )
            }
            previousWasSeparator = false
        }
        self.value = text
        self.notes =
            characters.count == 1
            ? [
                FieldIssue(
                    field: field,
                    code: .nameSingleCharacter,
                    zh: "单字姓名，请核对户口簿",
                    en: "a one-character name; check the household register"
                )
            ] : []
    }

    /// One ideograph, optionally followed by variation selectors; no private-use code points.
    static func isNameCharacter(_ character: Character) -> Bool {
        var scalars = character.unicodeScalars.makeIterator()
        guard let base = scalars.next(), base.properties.isIdeographic,
            base.properties.generalCategory != .privateUse
        else { return false }
        while let next = scalars.next() {
            guard next.properties.isVariationSelector else { return false }
        }
        return true
    }

    public var description: String { PrivacyMask.name(value) }
}
