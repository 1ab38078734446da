import Testing

@testable import CounterStaff

@Suite("Who may run the store's and the readers' commands")
struct CommandGateTests {
    /// 990 is the service account; the others are the roster's clerk, supervisor and technician, and one stranger.
    static let resolver = StaffIdentityResolver(serviceAccount: "hukou") { uid in
        [0: "root", 990: "hukou", 1001: "zhangwei", 1003: "wangfang", 1004: "zhaojie", 1005: "stranger"][uid]
    }

    /// The process as sudo starts it for `login` (uid `uid`).
    static func sudo(_ login: String, _ uid: UInt32) -> ProcessIdentity {
        ProcessIdentity(realUID: 990, effectiveUID: 990, sudoUser: login, sudoUID: "\(uid)", parentCommand: "sudo")
    }

    /// The command's action (as each command names it) and the role that alone may run it.
    static let commands: [(command: String, action: StaffAction, role: StaffRole)] = [
        ("audit verify", .audit, .supervisor), ("db backup", .backup, .supervisor), ("db purge", .backup, .supervisor),
        ("readers", .readers, .technician), ("doctor", .doctor, .technician), ("tag read", .tagRead, .technician),
        ("stats", .statistics, .supervisor), ("evaluation list", .statistics, .supervisor),
        ("evaluation rectify", .rectify, .supervisor),
    ]

    @Test("under sudo: each role runs exactly its own commands, the others are refused in both languages")
    func roleByCommand() throws {
        let people: [(login: String, uid: UInt32, role: StaffRole)] = [
            ("zhangwei", 1001, .clerk), ("wangfang", 1003, .supervisor), ("zhaojie", 1004, .technician),
        ]
        for person in people {
            for entry in Self.commands {
                let verdict = try CommandGate.verdict(
                    entry.action,
                    identity: Self.sudo(person.login, person.uid),
                    resolver: Self.resolver,
                    roster: roster
                )
                switch verdict {
                case .allowed(let member):
                    #expect(entry.role == person.role && member.login == person.login, "\(entry.command)")
                case .refused(let member, let decision):
                    #expect(entry.role != person.role && member.login == person.login, "\(entry.command)")
                    #expect(!decision.zh.isEmpty && decision.en.contains(entry.action.rawValue))
                case .unattended:
                    Issue.record("\(entry.command) by \(person.login) under sudo was not checked")
                }
            }
        }
    }

    @Test("not under sudo (root, or the service account at its shell): the roster is not asked")
    func unattended() throws {
        let identities = [
            ProcessIdentity(realUID: 0, effectiveUID: 0),
            ProcessIdentity(realUID: 990, effectiveUID: 990),
            // Variables anyone can set in their own shell count for nothing.
            ProcessIdentity(realUID: 0, effectiveUID: 0, sudoUser: "zhaojie", sudoUID: "1004"),
        ]
        for identity in identities {
            let verdict = try CommandGate.verdict(.audit, identity: identity, resolver: Self.resolver, roster: roster)
            #expect(verdict == .unattended)
        }
    }

    @Test("under sudo: a login not on the roster, forged variables and path options are refused")
    func refusedBeforeTheRole() {
        #expect(throws: StaffError.self) {
            try CommandGate.verdict(
                .readers,
                identity: Self.sudo("stranger", 1005),
                resolver: Self.resolver,
                roster: roster
            )
        }
        #expect(throws: StaffError.self) {
            try CommandGate.verdict(
                .audit,
                identity: Self.sudo("wangfang", 1004),
                resolver: Self.resolver,
                roster: roster
            )
        }
        #expect(throws: StaffError.self) {
            try CommandGate.verdict(
                .audit,
                identity: Self.sudo("wangfang", 1003),
                resolver: Self.resolver,
                roster: roster,
                options: [("--config", true)]
            )
        }
        // The same options without sudo are the caller's own business.
        #expect(
            (try? CommandGate.verdict(
                .audit,
                identity: ProcessIdentity(realUID: 0, effectiveUID: 0),
                resolver: Self.resolver,
                roster: roster,
                options: [("--config", true)]
            )) == .unattended
        )
    }
}
