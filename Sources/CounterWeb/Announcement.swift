import Foundation

/// The words of a call: the Mandarin sentence shown on the banner, the one spoken (ticket read character by
/// character), and the optional English one.
public struct Announcement: Sendable, Hashable, Codable {
    /// As displayed: `请A001号到1号窗口办理`.
    public var displayText: String
    /// As spoken: `请 A 零 零 一 号到 一 号窗口办理` (letters and digits one by one).
    public var spokenText: String
    /// The English sentence, when enabled: `Ticket A 0 0 1, please go to window 1.`
    public var englishText: String?

    /// The announcement of `ticket` to `window` with `template` (`{ticket}` and `{window}` replaced).
    public init(ticket: String, window: Int, template: String, english: Bool) {
        displayText = Self.fill(template, ticket: ticket, window: String(window))
        spokenText = Self.fill(
            template,
            ticket: " " + Self.spellOut(ticket) + " ",
            window: " " + Self.spellOut(String(window)) + " "
        )
        englishText =
            english
            ? "Ticket \(ticket.map(String.init).joined(separator: " ")), please go to window \(window)." : nil
    }

    /// Letters as themselves and digits as their Mandarin words, separated by spaces: `A001` → `A 零 零 一`.
    public static func spellOut(_ text: String) -> String {
        text.map { character -> String in
            if let digit = character.wholeNumberValue, character.isASCII { return digits[digit] }
            return String(character)
        }.joined(separator: " ")
    }

    private static let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

    private static func fill(_ template: String, ticket: String, window: String) -> String {
        template.replacingOccurrences(of: "{ticket}", with: ticket).replacingOccurrences(of: "{window}", with: window)
    }
}
