/// One line the clerk typed, parsed: what to do and to which transaction (by its row id, as the clerk types it).
///
/// Commands that act on "the current" transaction (`recall`, `start`, `complete`, …) leave the choice to the
/// session, which remembers the ticket the window is serving.
public enum CounterCommand: Sendable, Hashable {
    /// `confirm [ID]` / 确认: accept a pending tap and issue its ticket (the oldest pending when no ID).
    case confirm(Int64?)
    /// `reject [ID] REASON` / 退回: refuse a pending tap with a reason.
    case reject(Int64?, reason: String)
    /// `next` / 叫号: call the next ticket of this window.
    case next
    /// `recall` / 重呼: call the current ticket again.
    case recall
    /// `start` / 开始: the citizen is at the window; service begins.
    case start
    /// `complete` / 办结: the current ticket is done.
    case complete
    /// `noshow` / 过号: the called citizen did not come.
    case noShow
    /// `transfer WINDOW` / 转窗: send the current ticket to another window's queue.
    case transfer(window: Int)
    /// `suspend [REASON]` / 挂起: park the current ticket (missing material).
    case suspend(reason: String?)
    /// `resume ID` / 恢复: take a suspended ticket back.
    case resume(Int64)
    /// `details` / 详情: the full application of the ticket being served at this window.
    case details
    /// `check N…` / 核验: tick off materials of the ticket being served (numbers from 1, as the checklist shows).
    case check([Int])
    /// `export [ID]` / 导出: write the hand-off record of the current ticket (or of ID) to the hand-off folder.
    case export(Int64?)
    /// `list` / 列表: this window's open transactions.
    case list
    /// `find TICKET` / 查找: look a ticket up (today's).
    case find(ticket: String)
    /// `help` / 帮助.
    case help
    /// `quit` / 退出.
    case quit
    /// An empty line: nothing to do.
    case empty

    /// Whether the command acts on the ticket the window is serving (no argument names it).
    var actsOnCurrent: Bool {
        switch self {
        case .recall, .start, .details, .check, .complete, .noShow, .transfer, .suspend, .export(nil): true
        default: false
        }
    }
}
