import Foundation
import HukouIntent
import Testing

@Suite struct CalendarDateTests {
    @Test func todayInBeijingMatchesFoundationsCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(secondsFromGMT: 8 * 3600))
        var generator = SystemRandomNumberGenerator()
        var instants: [Date] = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1), Fixtures.now]
        for _ in 0..<2000 {
            instants.append(
                Date(timeIntervalSince1970: Double(Int64.random(in: -2_208_988_800...4_102_444_800, using: &generator)))
            )
        }
        for instant in instants {
            let parts = calendar.dateComponents([.year, .month, .day], from: instant)
            let today = CalendarDate.today(at: instant)
            #expect([today.year, today.month, today.day] == [parts.year, parts.month, parts.day], "\(instant)")
        }
    }

    @Test func parsesOnlyRealDates() {
        #expect(CalendarDate(iso: "2000-02-29") != nil)
        #expect(CalendarDate(iso: "1900-02-29") == nil)
        #expect(CalendarDate(iso: "2026-02-29") == nil)
        #expect(CalendarDate(iso: "2026-04-31") == nil)
        #expect(CalendarDate(iso: "2026-13-01") == nil)
        #expect(CalendarDate(iso: "2026-1-01") == nil)
        #expect(CalendarDate(iso: "２０２６-01-01") == nil)
        #expect(CalendarDate(iso: "2026-01-01T00") == nil)
        #expect(CalendarDate(iso: "2026-12-31")?.description == "2026-12-31")
    }
}
