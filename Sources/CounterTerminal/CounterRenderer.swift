public import CounterStaff
public import CounterStore
import Foundation

/// Turns transactions and command results into the lines the clerk sees; pure, so it is tested without a terminal.
///
/// Only masked personal data ever reaches it (the store hands out masked names and ID numbers only).
/// Errors are always shown in both languages; everything else in ``language``.
public struct CounterRenderer: Sendable {
    /// The language of labels and messages.
    public var language: TerminalLanguage
    /// The window this terminal serves.
    public var window: Int
    /// Training mode: every prompt and the banner say so.
    public var training = false

    /// Creates a renderer.
    public init(language: TerminalLanguage, window: Int) {
        self.language = language
        self.window = window
    }

    func t(_ zh: String, _ en: String) -> String { language.pick(zh, en) }

    // MARK: - Prompt and banner

    /// The prompt, naming the window and the ticket being served.
    public func prompt(current: CounterTransaction?) -> String {
        var text = (training ? t("【培训】", "[TRAINING] ") : "") + t("窗口\(window)", "Window \(window)")
        if let current, let ticket = current.ticket {
            text += " [\(ticket) \(stateName(current.state))]"
        }
        return text + "> "
    }

    /// The lines printed when the terminal starts.
    public func banner(operator who: CounterOperator, pending: Int, queued: Int) -> [String] {
        let name = who.displayName
        let role = who.member.map { t($0.role.nameZH, $0.role.rawValue) } ?? t("学员", "trainee")
        var lines: [String] = []
        if training {
            lines.append(
                t(
                    "【培训模式】培训数据库，非真实业务；操作员为自填姓名",
                    "[TRAINING MODE] training database, not real business; the operator name is self-declared"
                )
            )
        }
        return lines + [
            t(
                "一触即办 · 窗口 \(window) · \(role) \(name)",
                "Tap-to-serve counter · window \(window) · \(role) \(name)"
            ),
            t(
                "待确认 \(pending) 件，排队 \(queued) 人。输入 帮助 查看命令。",
                "\(pending) pending, \(queued) queued. Type help for the commands."
            ),
        ]
    }

    // MARK: - Transactions

    /// The block printed above the prompt when a tap arrives for this window.
    public func newTap(_ transaction: CounterTransaction, duplicate: Bool = false) -> [String] {
        var header = t("新请求", "New request") + " #\(transaction.id)  " + businessName(transaction)
        if duplicate { header += "  " + t("[重复碰卡]", "[repeated tap]") }
        if transaction.priority != .normal { header += "  " + priorityName(transaction.priority) }
        var lines = ["┌ " + header]
        lines.append("│ " + t("申请人", "Applicant") + ": " + applicantText(transaction))
        if !transaction.materials.isEmpty {
            lines.append(
                "│ " + t("核验材料", "Check materials") + ": " + transaction.materials.joined(separator: t("；", "; "))
            )
        }
        lines.append(
            "│ " + t("签名", "Signature") + ": " + signatureText(transaction.signatureStatus) + "  · "
                + profileText(transaction.profile)
        )
        lines.append(
            "└ "
                + t(
                    "确认：确认 \(transaction.id)   退回：退回 \(transaction.id) 原因",
                    "confirm \(transaction.id) to accept · reject \(transaction.id) REASON to refuse"
                )
        )
        return lines
    }

    /// The line printed when a citizen taps again for a request already received (nothing new was created).
    public func repeatedTap(_ transaction: CounterTransaction) -> String {
        "↻ " + t("重复碰卡", "Repeated tap") + " #\(transaction.id)  " + businessName(transaction) + "  "
            + applicantText(transaction) + "  "
            + t("（已收到，\(stateName(transaction.state))）", "(already received, \(stateName(transaction.state)))")
    }

    /// One line per transaction, as `list` shows them: pending first, then the queue; with the receipt deliveries
    /// of the phones that asked for one.
    public func list(_ transactions: [CounterTransaction], receipts: [TransactionID: ReceiptDelivery] = [:]) -> [String]
    {
        guard !transactions.isEmpty else { return [t("（没有未办结的业务）", "(nothing open at this window)")] }
        return transactions.map { row($0, receipt: receipts[$0.id]) }
    }

    /// Whether the receipt the phone asked for reached it; nil when it asked for none.
    public func receiptNote(_ delivery: ReceiptDelivery?) -> String? {
        guard let delivery else { return nil }
        return delivery.delivered
            ? t("回执已写入手机", "receipt on the phone")
            : t("回执未写入（请市民再碰一次）", "receipt not delivered (ask for another tap)")
    }

    /// A one-line summary, with the receipt note when the phone asked for a receipt.
    public func row(_ transaction: CounterTransaction, receipt: ReceiptDelivery? = nil) -> String {
        let ticket = (transaction.ticket ?? "----").padding(toLength: 5, withPad: " ", startingAt: 0)
        var text = "#\(transaction.id)".padding(toLength: 6, withPad: " ", startingAt: 0)
        text += " \(ticket) " + stateName(transaction.state) + "  " + businessName(transaction)
        text += "  " + applicantText(transaction)
        if transaction.priority != .normal { text += "  " + priorityName(transaction.priority) }
        if transaction.window != window { text += "  " + t("窗口\(transaction.window)", "window \(transaction.window)") }
        if let note = receiptNote(receipt) { text += "  " + note }
        return text
    }

    /// What a successful command did.
    public func result(_ command: CounterCommand, _ transaction: CounterTransaction) -> String {
        let ticket = transaction.ticket ?? "#\(transaction.id)"
        switch command {
        case .confirm:
            return "✓ " + t("已受理 #\(transaction.id)，票号 \(ticket)", "Confirmed #\(transaction.id), ticket \(ticket)")
        case .reject:
            return "✓ " + t("已退回 #\(transaction.id)", "Rejected #\(transaction.id)")
                + (transaction.rejectReason.map { "（\($0)）" } ?? "")
        case .next:
            return "📣 " + t("请 \(ticket) 号到 \(window) 号窗口办理", "Ticket \(ticket), please come to window \(window)")
                + "  · " + businessName(transaction) + "  " + applicantText(transaction)
        case .recall:
            return "📣 "
                + t(
                    "再次呼叫 \(ticket)（第 \(transaction.recallCount) 次重呼）",
                    "Calling \(ticket) again (recall \(transaction.recallCount))"
                )
        case .start:
            return "✓ " + t("\(ticket) 开始办理", "Serving \(ticket)")
        case .complete:
            return "✓ " + t("\(ticket) 已办结", "\(ticket) completed")
        case .noShow:
            return "✓ " + t("\(ticket) 已过号", "\(ticket) marked no-show")
        case .transfer(let target):
            return "✓ " + t("\(ticket) 已转至 \(target) 号窗口", "\(ticket) transferred to window \(target)")
        case .suspend:
            return "✓ " + t("\(ticket) 已挂起", "\(ticket) suspended")
        case .resume:
            return "✓ " + t("\(ticket) 已恢复", "\(ticket) resumed") + "（" + stateName(transaction.state) + "）"
        case .find:
            return row(transaction)
        case .list, .help, .quit, .empty, .details, .check, .export:
            return row(transaction)
        }
    }

    // MARK: - Messages

    /// An error, in both languages.
    public func error(zh: String, en: String) -> String {
        "✗ \(zh) / \(en)"
    }

    /// A command parsing error.
    public func error(_ error: CounterCommandError) -> String {
        self.error(zh: error.zh, en: error.en)
    }

    /// The command list.
    public func help() -> [String] {
        let rows: [(String, String, String)] = [
            (
                "确认 [编号]", "confirm [ID]",
                t("受理待确认的请求并出票（默认最早的一件）", "accept a pending request and issue its ticket (oldest by default)")
            ),
            ("退回 [编号] 原因", "reject [ID] REASON", t("退回请求并说明原因", "refuse a request, with a reason")),
            ("叫号", "next", t("呼叫本窗口下一位", "call the next ticket for this window")),
            ("重呼", "recall", t("再次呼叫当前票号", "call the current ticket again")),
            ("开始", "start", t("开始办理当前票号", "start serving the current ticket")),
            ("办结", "complete", t("当前业务办结", "the current ticket is done")),
            ("过号", "noshow", t("当前票号未到", "the called citizen did not come")),
            ("转窗 窗口号", "transfer WINDOW", t("转到其他窗口排队", "send the current ticket to another window")),
            ("挂起 [原因]", "suspend [REASON]", t("挂起当前业务（缺材料）", "park the current ticket (missing material)")),
            ("恢复 编号", "resume ID", t("恢复挂起的业务", "take a suspended ticket back")),
            ("详情", "details", t("正在办理业务的完整申请表", "the full application of the ticket being served")),
            ("核验 序号…", "check N…", t("勾选已核验的材料（如 核验 1 3）", "tick off checked materials (e.g. check 1 3)")),
            ("导出 [编号]", "export [ID]", t("导出交接记录（供录入人口系统）", "write the hand-off record (for the population system)")),
            ("列表", "list", t("本窗口未办结的业务", "open transactions at this window")),
            ("查找 票号", "find TICKET", t("按票号查找（当天）", "look a ticket up (today)")),
            ("帮助", "help", t("显示本帮助", "show this help")),
            ("退出", "quit", t("退出", "leave")),
        ]
        return rows.map { zh, en, text in
            let names = language == .zh ? "\(zh) | \(en)" : "\(en) | \(zh)"
            return "  " + Self.pad(names, toColumns: 36) + text
        }
    }

    /// Said when `next` finds nobody waiting.
    public var queueEmpty: String { t("（本窗口没有排队的票号）", "(no one is waiting at this window)") }
    /// Said when a command needs a current ticket and there is none.
    public var noCurrent: String {
        error(zh: "当前没有正在办理的票号，请先 叫号", en: "no current ticket; call one with next first")
    }
    /// Said when `export` wrote a hand-off record.
    public func exported(_ path: String) -> String {
        "✓ " + t("已导出交接记录：", "Hand-off record written: ") + path
    }

    /// Shown on the cleared screen when the prompt closes after `idle` without input.
    public func idleLocked(after idle: Duration) -> [String] {
        let minutes = Int(idle.components.seconds / 60)
        let span =
            minutes >= 1
            ? t("\(minutes) 分钟", "\(minutes) min") : t("\(idle.components.seconds) 秒", "\(idle.components.seconds) s")
        return [
            "🔒 "
                + t(
                    "窗口\(window)：\(span)无操作，已清屏并退出。请重新登录。",
                    "Window \(window): idle for \(span); screen cleared, prompt closed. Start it again to continue."
                )
        ]
    }

    /// Said when `details` or `check` find no ticket being served at this window.
    public var notServing: String {
        error(
            zh: "本窗口没有正在办理的业务（申请表只在办理窗口显示，先 叫号、开始）",
            en: "nothing is being served at this window (the application shows only there; next, then start)"
        )
    }
    /// Said when `complete` finds materials not ticked off; typing `complete` again completes.
    public func uncheckedMaterials(_ numbers: [Int]) -> [String] {
        let list = numbers.map(String.init).joined(separator: t("、", ", "))
        return [
            "⚠ " + t("材料 \(list) 尚未核验。", "Materials \(list) are not ticked off."),
            "  "
                + t(
                    "核验后再办结（核验 \(list)），或再次输入 办结 确认办结。",
                    "Tick them off (check \(list)), or type complete again to complete anyway."
                ),
        ]
    }
    /// Said when `confirm`/`reject` without an ID find nothing pending.
    public var nothingPending: String {
        error(zh: "没有待确认的请求", en: "nothing is pending at this window")
    }
    /// Said when a ticket or ID is not found.
    public func notFound(_ what: String) -> String {
        error(zh: "找不到 \(what)", en: "\(what) not found")
    }

    // MARK: - Pieces

    /// Pads `text` with spaces to `columns` terminal columns, counting East Asian wide characters as two.
    public static func pad(_ text: String, toColumns columns: Int) -> String {
        let width = text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
        return text + String(repeating: " ", count: max(1, columns - width))
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }

    /// The business name in the terminal's language.
    public func businessName(_ transaction: CounterTransaction) -> String {
        language == .zh ? transaction.businessNameZH : transaction.businessNameEN
    }

    /// The masked applicant, or a dash for an anonymous service card.
    public func applicantText(_ transaction: CounterTransaction) -> String {
        let parts = [transaction.maskedName, transaction.maskedIDNumber].compactMap { $0 }
        return parts.isEmpty ? t("（服务卡，无个人信息）", "(service card, no personal data)") : parts.joined(separator: " ")
    }

    /// The state's name.
    public func stateName(_ state: TransactionState) -> String {
        switch state {
        case .pending: t("待确认", "pending")
        case .confirmed: t("排队中", "queued")
        case .called: t("已叫号", "called")
        case .serving: t("办理中", "serving")
        case .completed: t("已办结", "completed")
        case .rejected: t("已退回", "rejected")
        case .cancelled: t("已取消", "cancelled")
        case .noShow: t("已过号", "no-show")
        case .transferred: t("转入排队", "transferred")
        case .suspended: t("已挂起", "suspended")
        }
    }

    /// The priority lane's name.
    public func priorityName(_ priority: Priority) -> String {
        switch priority {
        case .normal: t("普通", "normal")
        case .elderly: t("【老年人优先】", "[elderly priority]")
        case .disabled: t("【残疾人优先】", "[disability priority]")
        case .military: t("【军人依法优先】", "[military priority]")
        }
    }

    func signatureText(_ status: String) -> String {
        if status == "unsigned" { return t("未签名（服务卡）", "unsigned (service card)") }
        if status.hasPrefix("verified") {
            let key = status.dropFirst("verified".count).drop { $0 == ":" }
            return key.isEmpty ? t("已验证", "verified") : t("已验证（密钥 \(key)）", "verified (key \(key))")
        }
        return status
    }

    func profileText(_ profile: String) -> String {
        switch profile {
        case "phone": t("手机碰一碰", "phone tap")
        case "card": t("服务卡", "service card")
        default: profile
        }
    }
}
