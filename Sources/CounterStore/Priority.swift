/// The queue lane a transaction waits in; higher lanes are called first.
///
/// Elderly, disabled and military (军人依法优先) applicants are called before the normal lane.
/// Within a lane, the one queued first is called first.
public enum Priority: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The ordinary queue.
    case normal
    /// 老年人绿色通道.
    case elderly
    /// Applicants with a disability.
    case disabled
    /// 军人依法优先: service members, veterans and martyrs' families.
    case military

    public var description: String { rawValue }

    /// The order in which lanes are called: larger first. The three priority lanes share one rank,
    /// so among them the earliest queued goes first.
    public var rank: Int {
        switch self {
        case .normal: 0
        case .elderly, .disabled, .military: 1
        }
    }
}
