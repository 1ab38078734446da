/// Who is at the clerk's prompt: a member of the roster, or a trainee in training mode.
public struct CounterOperator: Sendable, Hashable {
    /// The roster entry; `nil` in training mode.
    public let member: StaffMember?
    /// How every audit row names them: `张伟(010123)/zhangwei`, or `培训:NAME` in training mode.
    public let auditName: String

    /// A member of the roster.
    public static func staff(_ member: StaffMember) -> CounterOperator {
        CounterOperator(member: member, auditName: member.auditName)
    }

    /// A trainee, named freely (1–48 characters; longer names are cut).
    public static func training(_ name: String) -> CounterOperator {
        CounterOperator(member: nil, auditName: "培训:" + String(name.prefix(48)))
    }

    /// Whether this is training mode (every screen says so).
    public var isTraining: Bool { member == nil }

    /// Whether they may do `action` at `window`: a member by ``StaffAccess``; a trainee may do everything the
    /// prompt offers (training mode runs only on the training database).
    public func decide(_ action: StaffAction, window: Int?) -> StaffAccess.Decision {
        guard let member else { return .allow }
        return StaffAccess.decide(member, action, window: window)
    }

    /// The name shown in the banner.
    public var displayName: String {
        guard let member else { return auditName }
        return "\(member.name)（\(member.number)）"
    }
}
