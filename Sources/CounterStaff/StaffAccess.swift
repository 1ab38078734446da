/// The one place that decides who may do what: role × action × window → allowed, or refused with a reason in both
/// languages.
///
/// - A clerk works only at the windows the roster gives them: open the prompt, confirm or reject pending taps, call,
///   serve, see the application, complete, no-show, suspend and resume, transfer out, list, export — each only for
///   a transaction at one of their windows.
/// - A supervisor does all of that at any window, and reopens, audits, backs up, sees statistics and evaluations,
///   and records the rectification of a bad evaluation.
/// - A technician looks after the readers (readers, doctor, tag reads) and never sees personal data: no prompt, no
///   transaction, no export.
///
/// The prompt asks before every store action, `hukou application` before it prints anything; a refusal is shown
/// and written to the audit log by the caller.
public enum StaffAccess {
    /// The verdict on one request.
    public struct Decision: Sendable, Hashable {
        /// Whether the action may go ahead.
        public var allowed: Bool
        /// Why not, in Chinese (empty when allowed).
        public var zh: String
        /// Why not, in English (empty when allowed).
        public var en: String

        /// Allowed.
        public static let allow = Decision(allowed: true, zh: "", en: "")
    }

    /// The actions of the counter itself, window by window.
    static let windowActions: Set<StaffAction> = [
        .openPrompt, .confirm, .reject, .call, .start, .complete, .noShow, .suspend, .transferOut, .viewApplication,
        .list, .export,
    ]
    /// What only a supervisor does.
    static let supervisorActions: Set<StaffAction> = [.reopen, .audit, .backup, .statistics, .rectify]
    /// What a technician does.
    static let technicianActions: Set<StaffAction> = [.readers, .doctor, .tagRead]

    /// Whether `member` may do `action` on something at `window` (`nil` for an action at no window).
    public static func decide(_ member: StaffMember, _ action: StaffAction, window: Int?) -> Decision {
        switch member.role {
        case .supervisor:
            if windowActions.contains(action) || supervisorActions.contains(action) { return .allow }
            return refuse(member, action, zh: "值班主管不负责读卡器维护", en: "reader maintenance is the technician's")
        case .technician:
            if technicianActions.contains(action) { return .allow }
            return refuse(
                member,
                action,
                zh: "技术员不能接触业务和个人信息",
                en: "a technician never handles transactions or personal data"
            )
        case .clerk:
            guard windowActions.contains(action) else {
                return refuse(member, action, zh: "此操作需值班主管权限", en: "this needs a supervisor")
            }
            guard let window, member.windows.contains(window) else {
                let place = window.map { "\($0) 号窗口" } ?? "此"
                let placeEN = window.map { "window \($0)" } ?? "this"
                let own = member.windows.map(String.init).joined(separator: "、")
                return refuse(
                    member,
                    action,
                    zh: "\(place)不是您的窗口（您的窗口：\(own)）",
                    en:
                        "\(placeEN) is not one of your windows (yours: \(member.windows.map(String.init).joined(separator: ", ")))"
                )
            }
            return .allow
        }
    }

    private static func refuse(_ member: StaffMember, _ action: StaffAction, zh: String, en: String) -> Decision {
        Decision(
            allowed: false,
            zh: "无权执行“\(action.rawValue)”：\(zh)（\(member.role.nameZH) \(member.name)）",
            en: "not allowed to \(action.rawValue): \(en) (\(member.role.rawValue) \(member.login))"
        )
    }
}
