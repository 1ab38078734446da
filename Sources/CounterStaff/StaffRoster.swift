/// The known staff: every login that may use the counter, checked once when the configuration is read.
public struct StaffRoster: Sendable, Hashable {
    /// The members in configuration order.
    public let members: [StaffMember]

    /// An empty roster: nobody may use the counter outside training mode.
    public static let empty = StaffRoster(checked: [])

    private init(checked members: [StaffMember]) {
        self.members = members
    }

    /// Checks and keeps the members.
    ///
    /// - Throws: ``StaffError`` `.invalidRoster` naming the entry (by position and login) and the problem: a
    ///   malformed login, name or staff number, a window outside 1–999, a clerk without windows, a login or staff
    ///   number given twice.
    public init(_ members: [StaffMember]) throws(StaffError) {
        var logins: Set<String> = []
        var numbers: Set<String> = []
        for (index, member) in members.enumerated() {
            func invalid(_ zh: String, _ en: String) -> StaffError {
                StaffError(
                    .invalidRoster,
                    zh: "人员名单第 \(index + 1) 项（\(member.login)）：\(zh)",
                    en: "staff entry \(index + 1) (\(member.login)): \(en)"
                )
            }
            guard Self.isValidLogin(member.login) else {
                throw invalid("登录名须为 1–32 位小写字母、数字、_ . -", "login must be 1–32 of a–z 0–9 _ . - (a letter or _ first)")
            }
            guard Self.isValidName(member.name) else {
                throw invalid("姓名须为 1–16 个可见字符", "name must be 1–16 printable characters")
            }
            guard Self.isValidNumber(member.number) else {
                throw invalid("警号须为 1–12 位字母或数字", "staff number must be 1–12 ASCII letters or digits")
            }
            guard member.windows.allSatisfy({ (1...999).contains($0) }) else {
                throw invalid("窗口号须在 1–999 之间", "windows must be 1–999")
            }
            guard member.role != .clerk || !member.windows.isEmpty else {
                throw invalid("窗口民警须指定窗口", "a clerk needs at least one window")
            }
            guard logins.insert(member.login).inserted else { throw invalid("登录名重复", "the login appears twice") }
            guard numbers.insert(member.number).inserted else {
                throw invalid("警号重复", "the staff number appears twice")
            }
        }
        self.members = members
    }

    /// The member with this login, or `nil`.
    public func member(login: String) -> StaffMember? {
        members.first { $0.login == login }
    }

    /// The member an audit row's operator names (``StaffMember/auditName``): the one with its login and staff
    /// number, or `nil` for an operator that is not a member of staff (a reader, a pad, a trainee), a login no
    /// longer on the roster, or a login whose staff number has changed since.
    public func member(auditName: String) -> StaffMember? {
        guard let named = StaffMember.AuditName(parsing: auditName), let member = member(login: named.login),
            member.number == named.number
        else { return nil }
        return member
    }

    /// The member with this login.
    ///
    /// - Throws: ``StaffError`` `.unknownLogin`, in both languages.
    public func require(login: String) throws(StaffError) -> StaffMember {
        guard let member = member(login: login) else {
            throw StaffError(
                .unknownLogin,
                zh: "登录名“\(login)”不在人员名单中，不能使用窗口终端；请联系值班主管",
                en: "login '\(login)' is not on the staff roster and may not use the counter; ask the supervisor"
            )
        }
        return member
    }

    /// Whether `login` is a valid login: 1–32 of `a–z 0–9 _ . -`, starting with a letter or `_`.
    public static func isValidLogin(_ login: String) -> Bool {
        let bytes = Array(login.utf8)
        guard (1...32).contains(bytes.count), let first = bytes.first,
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) || first == UInt8(ascii: "_")
        else { return false }
        return bytes.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
    }

    /// Whether `name` is a valid display name: 1–16 characters, no control or format characters.
    public static func isValidName(_ name: String) -> Bool {
        (1...16).contains(name.count) && !name.unicodeScalars.contains(where: isControlOrFormat)
    }

    /// Whether `number` is a valid staff number (警号): 1–12 ASCII letters or digits.
    public static func isValidNumber(_ number: String) -> Bool {
        (1...12).contains(number.utf8.count)
            && number.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)
            }
    }

    static func isControlOrFormat(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}
