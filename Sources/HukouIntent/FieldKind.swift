/// How a catalog field's value is validated and masked.
public enum FieldKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A person's name (``PersonName`` rules); masked on display.
    case personName
    /// A resident ID number (``ResidentIDNumber``), stored normalised; masked on display.
    case idNumber
    /// A household number (户号): 1–20 ASCII letters or digits; masked on display.
    case householdNumber
    /// A GB/T 4761-2008 relationship code (``RelationshipCode``).
    case relationship
    /// An address: 2–120 characters, no control characters; masked on display.
    case address
    /// A date `YYYY-MM-DD` that is not after today (Beijing) and not before 1880.
    case pastDate
    /// `male` or `female`.
    case sex
    /// One of the field's `choices`.
    case choice
    /// A document number (出生医学证明, 准迁证, receipt): 1–32 ASCII letters, digits or `-`; masked on display.
    case documentNumber
    /// Free text: 1–200 characters (or the field's `maxLength`), no control characters.
    case text

    /// Whether values of this kind are personal data that displays and logs mask.
    public var isPersonal: Bool {
        switch self {
        case .personName, .idNumber, .householdNumber, .address, .documentNumber, .text: true
        case .relationship, .pastDate, .sex, .choice: false
        }
    }
}
