/// One result of `hukou doctor`: what was checked, what was found, and how to fix it.
public struct DoctorFinding: Hashable, Sendable, Codable {
    /// How much the finding matters for reading tags at the counter.
    public enum Severity: String, Hashable, Sendable, Codable, Comparable {
        /// Checked and fine.
        case ok
        /// Worth knowing; nothing is broken.
        case info
        /// Something will fail in some setups (e.g. no LED feedback).
        case warning
        /// Reading tags will fail until this is fixed.
        case problem

        private var rank: Int {
            switch self {
            case .ok: 0
            case .info: 1
            case .warning: 2
            case .problem: 3
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A stable identifier of the check, e.g. `kernel-modules`.
    public var check: String
    /// How much it matters.
    public var severity: Severity
    /// What was found, in one sentence.
    public var summary: String
    /// What to do about it; nil when nothing needs doing.
    public var fix: String?

    /// Creates a finding.
    public init(check: String, severity: Severity, summary: String, fix: String? = nil) {
        self.check = check
        self.severity = severity
        self.summary = summary
        self.fix = fix
    }
}
