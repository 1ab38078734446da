/// Who may run a command that names one ``StaffAction`` (`hukou audit verify`, `db backup`, `db purge`, `readers`,
/// `doctor`, `tag read`): decided from the process's identity the way the clerk's prompt decides it.
///
/// Under sudo as the service account, the person sudo records must be on the roster and ``StaffAccess`` must allow
/// the action; the options that would point the command at another database or configuration are refused. Run
/// without sudo (root, or the service account at its own shell), the command is unattended by the roster: the
/// store's file modes keep everyone else out.
public enum CommandGate {
    /// Who runs the command, and whether they may.
    public enum Verdict: Sendable, Hashable {
        /// Not under sudo: the roster is not asked.
        case unattended
        /// Under sudo, a member of staff whose role allows the action.
        case allowed(StaffMember)
        /// Under sudo, a member of staff whose role does not allow the action, and why.
        case refused(StaffMember, StaffAccess.Decision)
    }

    /// The verdict on `action` for the process `identity`.
    ///
    /// - Parameter options: the options given that sudo's rule must not let through (see
    ///   ``PromptPlan/refuseUnderSudo(_:options:)``).
    /// - Throws: ``StaffError`` `.untrustedSudo`/`.noLogin` (identity), `.optionNotAllowed`, `.unknownLogin`, all in
    ///   both languages.
    public static func verdict(
        _ action: StaffAction,
        identity: ProcessIdentity,
        resolver: StaffIdentityResolver,
        roster: StaffRoster,
        options: [(name: String, given: Bool)] = []
    ) throws(StaffError) -> Verdict {
        let (login, source) = try resolver.resolve(identity)
        guard source == .sudo else { return .unattended }
        try PromptPlan.refuseUnderSudo(source, options: options)
        let member = try roster.require(login: login)
        let decision = StaffAccess.decide(member, action, window: nil)
        return decision.allowed ? .allowed(member) : .refused(member, decision)
    }
}
