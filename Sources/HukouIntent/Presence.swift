/// Who must come to the window for a business.
public enum Presence: String, Sendable, Hashable, Codable, CaseIterable {
    /// The applicant in person (photo, fingerprints or signature are taken); under-16s with a guardian.
    case inPerson
    /// A parent or guardian on the subject's behalf (e.g. a newborn's parent).
    case guardian
    /// The applicant, or an agent with a written authorisation and both ID cards.
    case agentAllowed
    /// A declarant: a relative, the household head, or a residents'/villagers' committee.
    case declarant

    /// The clerk-facing description.
    public var text: LocalizedText {
        switch self {
        case .inPerson: LocalizedText(zh: "本人到场", en: "applicant in person")
        case .guardian: LocalizedText(zh: "监护人到场", en: "parent or guardian attends")
        case .agentAllowed: LocalizedText(zh: "本人或受托人", en: "applicant or authorised agent")
        case .declarant: LocalizedText(zh: "申报人到场", en: "declarant attends")
        }
    }
}
