import CounterStaff
import CounterStore
import CounterWeb
import Foundation
import Testing

@Suite("The clerk on the window screen")
struct WindowClerkTests {
    static let zhang = StaffMember(login: "zhangjg", name: "张警官", number: "012345", role: .clerk, windows: [1])
    static let li = StaffMember(login: "lijg", name: "李警官", number: "067890", role: .clerk, windows: [1])

    static func screen(_ store: CounterStore, staff: StaffRoster) async throws -> WindowScreen {
        try await WindowScreen.load(from: store, window: 1, station: "站", staff: staff, now: Date())
    }

    @Test("the one who called, then the one who started: by display name and staff number from the roster")
    func servingClerk() async throws {
        let staff = try StaffRoster([Self.zhang, Self.li])
        let store = try CounterStore.inMemory()
        #expect(try await Self.screen(store, staff: staff).clerk == nil, "nobody is served yet")
        let queued = try await HallFixtures.queued(store, window: 1)
        _ = try await store.callNext(window: 1, operator: Self.zhang.auditName)
        var screen = try await Self.screen(store, staff: staff)
        #expect(screen.serving != nil)
        #expect(screen.clerk?.name == "张警官" && screen.clerk?.number == "012345")
        let json = String(decoding: try JSONEncoder().encode(screen), as: UTF8.self)
        #expect(json.contains(#""clerk":{"#) && json.contains("012345"), "\(json)")
        #expect(!json.contains("zhangjg"), "the login is not shown")

        _ = try await store.startService(queued.id, operator: Self.li.auditName)
        screen = try await Self.screen(store, staff: staff)
        #expect(screen.clerk?.name == "李警官" && screen.clerk?.number == "067890")

        // After 办结 the pad rates that service: the clerk who served it is still shown.
        _ = try await store.complete(queued.id, operator: Self.li.auditName)
        screen = try await Self.screen(store, staff: staff)
        #expect(screen.serving == nil && screen.evaluable != nil && screen.clerk?.number == "067890")

        // Another window's screen knows nothing of it.
        let other = try await WindowScreen.load(from: store, window: 2, station: "站", staff: staff, now: Date())
        #expect(other.clerk == nil)
    }

    @Test("nobody rather than a guess: no roster, a trainee, a login not on the roster, a changed staff number")
    func unknownClerk() async throws {
        let roster = try StaffRoster([Self.zhang])
        let renumbered = try StaffRoster([
            StaffMember(login: "zhangjg", name: "张警官", number: "099999", role: .clerk, windows: [1])
        ])
        let cases: [(String, StaffRoster)] = [
            (Self.zhang.auditName, .empty),
            ("培训:学员甲", roster),
            (Self.li.auditName, roster),
            (Self.zhang.auditName, renumbered),
            ("clerk01", roster),
        ]
        for (operatorName, staff) in cases {
            let store = try CounterStore.inMemory()
            try await HallFixtures.queued(store, window: 1)
            _ = try await store.callNext(window: 1, operator: operatorName)
            let screen = try await Self.screen(store, staff: staff)
            #expect(screen.serving != nil && screen.clerk == nil, "\(operatorName)")
            let json = String(decoding: try JSONEncoder().encode(screen), as: UTF8.self)
            #expect(!json.contains("clerk"), "\(operatorName): \(json)")
        }
    }
}
