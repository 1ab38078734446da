/// Something a member of staff asks the counter to do, as the access rules (``StaffAccess``) name it.
public enum StaffAction: String, Sendable, Hashable, CaseIterable {
    /// Open the clerk's prompt for a window.
    case openPrompt = "open_prompt"
    /// Accept a pending tap (确认).
    case confirm
    /// Refuse a pending tap (退回).
    case reject
    /// Call the next ticket (叫号) or call again (重呼).
    case call
    /// Start serving (开始).
    case start
    /// Complete (办结).
    case complete
    /// Mark a no-show (过号).
    case noShow = "no_show"
    /// Park (挂起) or take back (恢复) a ticket.
    case suspend
    /// Send a ticket to another window (转窗).
    case transferOut = "transfer_out"
    /// See the full application (开始, 详情) and tick materials (核验).
    case viewApplication = "view_application"
    /// Look at the window's list or find a ticket (masked).
    case list
    /// Write or print the hand-off record of a transaction (导出, `hukou application`).
    case export
    /// Reopen a finished transaction.
    case reopen
    /// Read or verify the audit log.
    case audit
    /// Back the store up.
    case backup
    /// Counts and times over all windows, and the citizens' evaluations (`hukou stats`, `hukou evaluation list`).
    case statistics
    /// Record the rectification (整改) of a bad evaluation (`hukou evaluation rectify`).
    case rectify
    /// List and watch the readers.
    case readers
    /// Run the reader doctor.
    case doctor
    /// Read a tag's raw content.
    case tagRead = "tag_read"
}
