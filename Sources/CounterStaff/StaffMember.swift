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
    public var auditName: String { "\(name)(\(number))/\(login)" }
}
