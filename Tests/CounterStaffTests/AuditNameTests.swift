import Testing

@testable import CounterStaff

@Suite("Reading an audit name back")
struct AuditNameTests {
    @Test(
        "every member's audit name reads back as its name, staff number and login, whatever the name holds",
        arguments: [
            StaffMember(login: "zhangwei", name: "张伟", number: "010123", role: .clerk, windows: [1]),
            StaffMember(login: "_a.b-c9", name: "王(大)/小", number: "T0001", role: .technician),
            StaffMember(login: "x", name: "(", number: "1", role: .supervisor),
            StaffMember(login: "y", name: "a)/b(", number: "Z9", role: .supervisor),
            StaffMember(
                login: String(repeating: "a", count: 32),
                name: String(repeating: "张", count: 16),
                number: String(repeating: "9", count: 12),
                role: .clerk,
                windows: [1]
            ),
        ]
    )
    func roundTrip(_ member: StaffMember) throws {
        _ = try StaffRoster([member])  // a valid member, as the roster checks it
        let parsed = try #require(StaffMember.AuditName(parsing: member.auditName), "\(member.auditName)")
        #expect(parsed.name == member.name && parsed.number == member.number && parsed.login == member.login)
    }

    @Test(
        "anything else is no member: readers, pads, trainees, malformed, hostile and over-long texts",
        arguments: [
            "", "/", "()/", "张伟(010123)/", "(010123)/zhangwei", "张伟()/zhangwei", "张伟(010123)zhangwei",
            "张伟 010123/zhangwei", "张伟(010123) /zhangwei", "张伟(010123)/ZhangWei", "张伟(010123)/zhang/wei",
            "张伟(01 23)/zhangwei", "张伟(０１２３)/zhangwei", "张伟(0123456789012)/zhangwei", "张伟(01-23)/zhangwei",
            "张伟(0123))/zhangwei", "张伟(0123)/zhangwei\n", "张\u{202E}伟(0123)/zhangwei",
            "张\u{0}伟(0123)/zhangwei", "张\u{200B}伟(0123)/zhangwei", "reader:window1", "pad:1", "培训:学员甲",
            "system", "张伟(0123\u{301})/zhangwei", "张伟(0123)/\u{301}zhangwei",
            String(repeating: "张", count: 17) + "(0123)/zhangwei", "张伟(0123)/" + String(repeating: "a", count: 33),
            String(repeating: "(", count: 10_000) + "1)/a", String(repeating: "张伟(0123)/a", count: 100),
        ]
    )
    func notAMember(_ text: String) {
        #expect(StaffMember.AuditName(parsing: text) == nil, "\(text.prefix(40))")
    }

    @Test("the roster names the member an audit row names only when login and staff number both match")
    func rosterLookUp() {
        #expect(roster.member(auditName: "张伟(010123)/zhangwei")?.login == "zhangwei")
        // The name may have been corrected in the roster since: the roster's is the one to show.
        #expect(roster.member(auditName: "张卫(010123)/zhangwei")?.name == "张伟")
        #expect(roster.member(auditName: "张伟(999999)/zhangwei") == nil, "another staff number")
        #expect(roster.member(auditName: "张伟(010123)/nobody") == nil, "not on the roster")
        #expect(roster.member(auditName: "培训:张伟") == nil)
        #expect(StaffRoster.empty.member(auditName: "张伟(010123)/zhangwei") == nil)
    }
}
