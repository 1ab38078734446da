import CounterWeb
import Testing

@Suite("Announcements")
struct AnnouncementTests {
    @Test("the default template: displayed as typed, spoken with the ticket and window read one by one")
    func defaultTemplate() {
        let call = Announcement(
            ticket: "A001",
            window: 12,
            template: WebConfiguration.defaultAnnouncementTemplate,
            english: false
        )
        #expect(call.displayText == "请A001号到12号窗口办理")
        #expect(call.spokenText == "请 A 零 零 一 号到 一 二 号窗口办理")
        #expect(call.englishText == nil)
    }

    @Test("an English sentence follows when enabled; a custom template keeps its own words")
    func englishAndCustom() {
        let call = Announcement(ticket: "B010", window: 3, template: "{ticket}号，请到{window}号窗口", english: true)
        #expect(call.displayText == "B010号，请到3号窗口")
        #expect(call.spokenText == " B 零 一 零 号，请到 三 号窗口")
        #expect(call.englishText == "Ticket B 0 1 0, please go to window 3.")
    }

    @Test("letters stay letters, digits become their Mandarin words")
    func spellOut() {
        #expect(Announcement.spellOut("ZZ1234567890") == "Z Z 一 二 三 四 五 六 七 八 九 零")
    }
}
