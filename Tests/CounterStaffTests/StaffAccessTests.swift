import CounterStaff
import Testing

@Suite("Who may do what")
struct StaffAccessTests {
    static let clerkActions: [StaffAction] = [
        .openPrompt, .confirm, .reject, .call, .start, .complete, .noShow, .suspend, .transferOut, .viewApplication,
        .list, .export,
    ]

    func member(_ login: String) throws -> StaffMember {
        try #require(roster.member(login: login))
    }

    @Test("a clerk: every counter action at their own window, none at another's", arguments: clerkActions)
    func clerkWindows(_ action: StaffAction) throws {
        let clerk = try member("liqiang")  // window 2
        #expect(StaffAccess.decide(clerk, action, window: 2).allowed)
        let other = StaffAccess.decide(clerk, action, window: 1)
        #expect(!other.allowed)
        #expect(other.zh.contains("1 号窗口不是您的窗口") && other.en.contains("window 1 is not one of your windows"))
        #expect(!StaffAccess.decide(clerk, action, window: nil).allowed)
    }

    @Test(
        "a clerk: no supervisor or technician work",
        arguments: [StaffAction.reopen, .audit, .backup, .statistics, .rectify, .readers, .doctor, .tagRead]
    )
    func clerkLimits(_ action: StaffAction) throws {
        #expect(!StaffAccess.decide(try member("zhangwei"), action, window: 1).allowed)
    }

    @Test("a supervisor: any window, reopen, audit, backup, statistics, rectify; not the readers")
    func supervisor() throws {
        let supervisor = try member("wangfang")
        for action in Self.clerkActions + [.reopen, .audit, .backup, .statistics, .rectify] {
            for window in [1, 2, 77] {
                #expect(StaffAccess.decide(supervisor, action, window: window).allowed, "\(action) at \(window)")
            }
        }
        for action in [StaffAction.readers, .doctor, .tagRead] {
            #expect(!StaffAccess.decide(supervisor, action, window: nil).allowed)
        }
    }

    @Test("a technician: readers, doctor, tag reads; no prompt, no transaction, no personal data")
    func technician() throws {
        let technician = try member("zhaojie")
        for action in [StaffAction.readers, .doctor, .tagRead] {
            #expect(StaffAccess.decide(technician, action, window: nil).allowed)
        }
        for action in Self.clerkActions + [.reopen, .audit, .backup, .statistics, .rectify] {
            #expect(!StaffAccess.decide(technician, action, window: 1).allowed, "\(action)")
        }
    }

    @Test("every role × action cell is decided, and the refusal always explains itself in both languages")
    func everyCell() throws {
        for login in ["zhangwei", "wangfang", "zhaojie"] {
            let who = try member(login)
            for action in StaffAction.allCases {
                for window in [nil, 1, 2] as [Int?] {
                    let decision = StaffAccess.decide(who, action, window: window)
                    #expect(decision.allowed || (!decision.zh.isEmpty && !decision.en.isEmpty))
                }
            }
        }
    }

    @Test("a trainee may do everything the prompt offers")
    func trainee() {
        #expect(CounterOperator.training("学员").decide(.confirm, window: 9).allowed)
    }
}
