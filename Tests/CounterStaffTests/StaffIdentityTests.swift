import Testing

@testable import CounterStaff

/// An account table: 990 is the service account, 1001 and 1002 clerks.
let accounts: @Sendable (UInt32) -> String? = { uid in
    [0: "root", 990: "hukou", 1001: "zhangwei", 1002: "liqiang"][uid]
}

let roster: StaffRoster = {
    do {
        return try StaffRoster([
            StaffMember(login: "zhangwei", name: "张伟", number: "010123", role: .clerk, windows: [1]),
            StaffMember(login: "liqiang", name: "李强", number: "010456", role: .clerk, windows: [2]),
            StaffMember(login: "wangfang", name: "王芳", number: "010001", role: .supervisor),
            StaffMember(login: "zhaojie", name: "赵杰", number: "T0001", role: .technician),
        ])
    } catch {
        Issue.record("roster: \(error)")
        return .empty
    }
}()

@Suite("Who is at the terminal")
struct StaffIdentityTests {
    let resolver = StaffIdentityResolver(serviceAccount: "hukou", login: accounts)

    @Test("under the documented sudo rule: the invoking login sudo records")
    func sudo() throws {
        let identity = ProcessIdentity(
            realUID: 990,
            effectiveUID: 990,
            sudoUser: "zhangwei",
            sudoUID: "1001",
            parentCommand: "sudo"
        )
        let resolved = try resolver.resolve(identity)
        #expect(resolved.login == "zhangwei" && resolved.source == .sudo)
    }

    @Test(
        "sudo's variables that do not hold together are refused",
        arguments: [
            ProcessIdentity(
                realUID: 990,
                effectiveUID: 990,
                sudoUser: "zhangwei",
                sudoUID: "1002",
                parentCommand: "sudo"
            ),
            ProcessIdentity(realUID: 990, effectiveUID: 990, sudoUser: "zhangwei", sudoUID: nil, parentCommand: "sudo"),
            ProcessIdentity(realUID: 990, effectiveUID: 990, sudoUser: nil, sudoUID: "1001", parentCommand: "sudo"),
            ProcessIdentity(realUID: 990, effectiveUID: 990, sudoUser: "hukou", sudoUID: "990", parentCommand: "sudo"),
            ProcessIdentity(
                realUID: 990,
                effectiveUID: 990,
                sudoUser: "zhangwei",
                sudoUID: "x1001",
                parentCommand: "sudo"
            ),
            ProcessIdentity(
                realUID: 990,
                effectiveUID: 990,
                sudoUser: "zhangwei",
                sudoUID: "1001",
                parentCommand: "bash"
            ),
        ]
    )
    func inconsistentSudo(_ identity: ProcessIdentity) {
        #expect(throws: StaffError.self) { try resolver.resolve(identity) }
    }

    @Test("SUDO_USER set by hand in a clerk's own shell counts for nothing: their own login is used")
    func forgedVariables() throws {
        let identity = ProcessIdentity(realUID: 1002, effectiveUID: 1002, sudoUser: "wangfang", sudoUID: "1001")
        let resolved = try resolver.resolve(identity)
        #expect(resolved.login == "liqiang" && resolved.source == .ownLogin)
    }

    @Test("without sudo: the process's own login; an account without a name is refused")
    func ownLogin() throws {
        #expect(try resolver.resolve(ProcessIdentity(realUID: 1001, effectiveUID: 1001)).login == "zhangwei")
        #expect(throws: StaffError.self) { try resolver.resolve(ProcessIdentity(realUID: 4242, effectiveUID: 4242)) }
    }

    @Test("the real process: its own login when not under sudo")
    func realProcess() throws {
        let identity = ProcessIdentity.current()
        if identity.sudoUser == nil, let own = SystemAccounts.login(uid: identity.realUID) {
            let resolver = StaffIdentityResolver(serviceAccount: "hukou-not-this")
            #expect(try resolver.resolve(identity).login == own)
        }
    }
}

@Suite("The prompt's plan")
struct PromptPlanTests {
    let resolver = StaffIdentityResolver(serviceAccount: "hukou", login: accounts)
    var configured: PromptPlan.Configured {
        var settings = CounterSettings()
        settings.trainingDatabasePath = "/var/lib/hukou/training.sqlite"
        return PromptPlan.Configured(
            db: "/var/lib/hukou/counter.sqlite",
            storeKey: nil,
            control: "/run/hukou/control.sock",
            roster: roster,
            settings: settings
        )
    }
    let sudoZhang = ProcessIdentity(
        realUID: 990,
        effectiveUID: 990,
        sudoUser: "zhangwei",
        sudoUID: "1001",
        parentCommand: "sudo"
    )

    @Test("a clerk under sudo gets the configured database, socket and their one window; the audit name is theirs")
    func clerkUnderSudo() throws {
        let plan = try PromptPlan.resolve(.init(), configured: configured, identity: sudoZhang, resolver: resolver)
        #expect(plan.db == "/var/lib/hukou/counter.sqlite" && plan.control == "/run/hukou/control.sock")
        #expect(plan.window == 1 && plan.operator.auditName == "张伟(010123)/zhangwei" && !plan.operator.isTraining)
    }

    @Test(
        "under sudo no other database, key, socket, configuration or operator",
        arguments: [
            PromptPlan.Request(db: "/tmp/other.sqlite"), PromptPlan.Request(storeKey: "/tmp/k"),
            PromptPlan.Request(control: "/tmp/s.sock"), PromptPlan.Request(config: "/tmp/c.toml"),
            PromptPlan.Request(operatorName: "王芳"), PromptPlan.Request(operatorName: "x", training: true),
        ]
    )
    func sudoRefusesPaths(_ request: PromptPlan.Request) {
        #expect(throws: StaffError.self) {
            try PromptPlan.resolve(request, configured: configured, identity: sudoZhang, resolver: resolver)
        }
    }

    @Test("an unknown login is refused with a message in both languages")
    func unknownLogin() {
        let identity = ProcessIdentity(realUID: 0, effectiveUID: 0)
        do {
            _ = try PromptPlan.resolve(.init(window: 1), configured: configured, identity: identity, resolver: resolver)
            Issue.record("root is not on the roster")
        } catch {
            #expect(error.code == .unknownLogin)
            #expect(error.zh.contains("不在人员名单") && error.en.contains("not on the staff roster"))
        }
    }

    @Test("--operator only in training mode, and training only on the training database")
    func training() throws {
        let own = ProcessIdentity(realUID: 1001, effectiveUID: 1001)
        #expect(throws: StaffError.self) {
            try PromptPlan.resolve(
                .init(window: 1, operatorName: "甲"),
                configured: configured,
                identity: own,
                resolver: resolver
            )
        }
        #expect(throws: StaffError.self) {
            try PromptPlan.resolve(
                .init(window: 1, operatorName: "甲", training: true),
                configured: configured,
                identity: own,
                resolver: resolver
            )
        }
        let plan = try PromptPlan.resolve(
            .init(db: "/var/lib/hukou/training.sqlite", window: 3, operatorName: "学员甲", training: true),
            configured: configured,
            identity: own,
            resolver: resolver
        )
        #expect(plan.operator.isTraining && plan.operator.auditName == "培训:学员甲" && plan.window == 3)
    }

    @Test("a supervisor must name the window")
    func supervisorWindow() throws {
        let identity = ProcessIdentity(realUID: 1003, effectiveUID: 1003)
        let resolver = StaffIdentityResolver(serviceAccount: "hukou", login: { $0 == 1003 ? "wangfang" : nil })
        #expect(throws: StaffError.self) {
            try PromptPlan.resolve(.init(), configured: configured, identity: identity, resolver: resolver)
        }
        #expect(
            try PromptPlan.resolve(.init(window: 5), configured: configured, identity: identity, resolver: resolver)
                .window == 5
        )
    }
}

@Suite("The roster")
struct StaffRosterTests {
    @Test(
        "malformed or repeated entries are refused",
        arguments: [
            [StaffMember(login: "Zhang", name: "张", number: "1", role: .supervisor)],
            [StaffMember(login: "zhang", name: "", number: "1", role: .supervisor)],
            [StaffMember(login: "zhang", name: "张\u{202E}", number: "1", role: .supervisor)],
            [StaffMember(login: "zhang", name: "张", number: "01-1", role: .supervisor)],
            [StaffMember(login: "zhang", name: "张", number: "1", role: .clerk)],
            [StaffMember(login: "zhang", name: "张", number: "1", role: .clerk, windows: [1000])],
            [
                StaffMember(login: "zhang", name: "张", number: "1", role: .supervisor),
                StaffMember(login: "zhang", name: "李", number: "2", role: .supervisor),
            ],
            [
                StaffMember(login: "zhang", name: "张", number: "1", role: .supervisor),
                StaffMember(login: "li", name: "李", number: "1", role: .supervisor),
            ],
        ]
    )
    func invalid(_ members: [StaffMember]) {
        #expect(throws: StaffError.self) { try StaffRoster(members) }
    }

    @Test("the audit name: name, staff number, login, within the store's 64 characters")
    func auditName() {
        let longest = StaffMember(
            login: String(repeating: "a", count: 32),
            name: String(repeating: "张", count: 16),
            number: String(repeating: "9", count: 12),
            role: .clerk,
            windows: [1]
        )
        #expect(longest.auditName.count <= 64)
        #expect(roster.member(login: "zhangwei")?.auditName == "张伟(010123)/zhangwei")
    }
}

@Suite("Options under sudo")
struct SudoOptionsTests {
    @Test("refused under sudo, allowed otherwise; the refusal names them")
    func refuse() throws {
        let options = [("--config", true), ("--db", false), ("--store-key", true)]
        #expect(throws: Never.self) { try PromptPlan.refuseUnderSudo(.ownLogin, options: options) }
        do {
            try PromptPlan.refuseUnderSudo(.sudo, options: options)
            Issue.record("not refused")
        } catch {
            #expect(error.code == .optionNotAllowed && error.en.contains("--config --store-key"))
        }
        #expect(throws: Never.self) { try PromptPlan.refuseUnderSudo(.sudo, options: [("--db", false)]) }
    }
}

@Suite("System account look-up")
struct SystemAccountsTests {
    @Test("root is uid 0 in every account database")
    func root() {
        #expect(SystemAccounts.login(uid: 0) == "root")
        #expect(SystemAccounts.login(uid: 4_000_000_000) == nil)
    }

    @Test("only one well-formed entry for exactly that uid is trusted")
    func entries() {
        #expect(SystemAccounts.entryLogin("hukou:x:998:998::/var/lib/hukou:/usr/sbin/nologin\n", uid: 998) == "hukou")
        #expect(SystemAccounts.entryLogin("hukou:x:998:998::/var/lib/hukou:/usr/sbin/nologin\n", uid: 999) == nil)
        #expect(SystemAccounts.entryLogin("a:x:1:1::/:/bin/sh\nb:x:1:1::/:/bin/sh\n", uid: 1) == nil)
        #expect(SystemAccounts.entryLogin("a b:x:1:1::/:/bin/sh\n", uid: 1) == nil)
        #expect(SystemAccounts.entryLogin(":x:1:1::/:/bin/sh\n", uid: 1) == nil)
        #expect(SystemAccounts.entryLogin("a:x:1:1:/:/bin/sh\n", uid: 1) == nil)
        #expect(SystemAccounts.entryLogin("", uid: 1) == nil)
    }
}
