/// Sex as encoded in the ID number's sequence code (and as entered for a newborn).
public enum Sex: String, Sendable, Hashable, Codable, CaseIterable {
    /// 男.
    case male
    /// 女.
    case female
}
