/// One person on the staff roster: the login the system knows them by, their name and staff number (警号), their
/// role and, for a clerk, their windows.
public struct StaffMember: Sendable, Hashable, Codable {
    /// The operating-system login (`zhangwei`): 1–32 of `a–z 0–9 _ . -`, starting with a letter or `_`.
    public var login: String
    /// The display name (`张伟`): 1–16 characters, no control or format characters.
    public var name: String
    /// The staff number 警号 (`010123`): 1–12 ASCII letters or digits.
    public var number: String
    /// The role.
    public var role: StaffRole
    /// The windows a clerk serves (1–999); supervisors and technicians need none.
    public var windows: [Int]

    /// Creates a member (``StaffRoster`` checks the values).
    public init(login: String, name: String, number: String, role: StaffRole, windows: [Int] = []) {
        self.login = login
        self.name = name
        self.number = number
        self.role = role
        self.windows = windows
    }

    /// How the audit log names them: `张伟(010123)/zhangwei` — name, staff number, login (at most 64 characters).
    /// ``AuditName/init(parsing:)`` reads it back.
    public var auditName: String { "\(name)(\(number))/\(login)" }

    /// What an audit row's operator says about a member of staff: the parts ``StaffMember/auditName`` joined.
    public struct AuditName: Sendable, Hashable {
        /// The display name as it was when the row was written.
        public var name: String
        /// The staff number 警号.
        public var number: String
        /// The login.
        public var login: String

        /// The longest operator text read (an audit name is at most 63 characters).
        static let maximumLength = 256

        /// Reads an operator as ``StaffMember/auditName`` writes it, or `nil` for anything else (a reader, a pad,
        /// a trainee `培训:NAME`, a malformed or over-long text).
        ///
        /// The login and the staff number can hold neither `/` nor `(`, so the last `/` and the last `(` split the
        /// text whatever the name holds; each part must pass the roster's own rule (``StaffRoster``).
        public init?(parsing text: String) {
            guard text.utf8.count <= Self.maximumLength, let slash = text.lastIndex(of: "/") else { return nil }
            let login = String(text[text.index(after: slash)...])
            let head = text[..<slash]
            guard head.last == ")", let open = head.lastIndex(of: "(") else { return nil }
            let number = String(head[head.index(after: open)..<head.index(before: head.endIndex)])
            let name = String(head[..<open])
            guard StaffRoster.isValidLogin(login), StaffRoster.isValidNumber(number), StaffRoster.isValidName(name)
            else { return nil }
            self.name = name
            self.number = number
            self.login = login
        }
    }
}
