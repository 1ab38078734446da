/// What a member of staff may do at the counter (see ``StaffAccess``).
public enum StaffRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// 窗口民警: serves the windows the roster gives them, and only those.
    case clerk
    /// 值班主管: any window, audit, backup, export of any transaction, statistics.
    case supervisor
    /// 技术员: readers, the doctor, tag reads; never personal data.
    case technician

    /// The role's name in Chinese.
    public var nameZH: String {
        switch self {
        case .clerk: "窗口民警"
        case .supervisor: "值班主管"
        case .technician: "技术员"
        }
    }
}
