/// A priority the applicant declares on the phone (老年人、残疾人、军人依法优先); the clerk verifies it.
public enum PriorityClass: String, Sendable, Hashable, Codable, CaseIterable {
    /// No priority.
    case none
    /// Elderly (green channel for older people).
    case elderly
    /// A person with a disability.
    case disabled
    /// Military personnel, veterans and martyrs' families (军人依法优先).
    case military
}
