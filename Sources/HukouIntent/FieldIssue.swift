import HukouText

/// One reason an intent or a field was refused (or, as a note, something the clerk should look at).
///
/// `field` names the offending part (`"data.id"`, `"exp"`, `"record"`), `code` is stable and machine-readable,
/// `zh` and `en` are the human messages.
public struct FieldIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A stable reason code; compare against the static values.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    /// The field the issue concerns, as a dotted path into the intent (`data.name`), or a part of the envelope.
    public var field: String
    /// What is wrong.
    public var code: Code
    /// The message in Chinese.
    public var zh: String
    /// The message in English.
    public var en: String

    /// Creates an issue. Control and format characters in the texts (which may quote what a tag sent, or a parser's
    /// account of it) are written as `\u{XXXX}` (``SafeText/escaped(_:)``): an issue reaches logs, the clerk's
    /// screen and standard error, and no tag may put an escape sequence or a line break there.
    public init(field: String, code: Code, zh: String, en: String) {
        self.field = SafeText.escaped(field)
        self.code = code
        self.zh = SafeText.escaped(zh)
        self.en = SafeText.escaped(en)
    }

    public var description: String { "\(field): \(code): \(en) / \(zh)" }

    /// A member name the tag chose, made safe to show as (part of) a field: printable ASCII only
    /// (``SafeText/quoted(_:limit:)``), and `""` for the empty name, so a field is never empty or invisible.
    static func shownName(_ untrusted: some StringProtocol) -> String {
        untrusted.isEmpty ? "\"\"" : SafeText.quoted(untrusted, limit: 64)
    }
}

extension FieldIssue.Code {
    // MARK: Resident ID number (GB 11643-1999)
    /// The ID number is empty.
    public static let idEmpty = Self(rawValue: "idEmpty")
    /// Neither 18 characters nor the legacy 15 digits.
    public static let idLength = Self(rawValue: "idLength")
    /// White space inside or around the number.
    public static let idWhitespace = Self(rawValue: "idWhitespace")
    /// Full-width digits or letters (U+FF10…); refused, never normalised.
    public static let idFullWidth = Self(rawValue: "idFullWidth")
    /// A character other than an ASCII digit (or a final X).
    public static let idCharacter = Self(rawValue: "idCharacter")
    /// The ISO 7064 MOD 11-2 check character does not match.
    public static let idChecksum = Self(rawValue: "idChecksum")
    /// The birth date is not a real calendar date.
    public static let idBirthDate = Self(rawValue: "idBirthDate")
    /// The birth date lies after today.
    public static let idFutureBirthDate = Self(rawValue: "idFutureBirthDate")
    /// The first two digits are not one of the 34 province-level codes.
    public static let idProvince = Self(rawValue: "idProvince")
    /// A legacy 15-digit number with a sequence of 996–999 (possibly born in the 1800s): cannot be upgraded blindly.
    public static let idLegacyCentenarian = Self(rawValue: "idLegacyCentenarian")
    /// Note: sequence code 000, valid by the check but unassigned in practice.
    public static let idSequenceZero = Self(rawValue: "idSequenceZero")
    /// Note: the number was given in the legacy 15-digit form and upgraded.
    public static let idUpgradedFromLegacy = Self(rawValue: "idUpgradedFromLegacy")

    // MARK: Names
    /// The name is empty.
    public static let nameEmpty = Self(rawValue: "nameEmpty")
    /// More than 50 characters.
    public static let nameTooLong = Self(rawValue: "nameTooLong")
    /// A look-alike of the separator U+00B7 (•, ・, ･, ‧, ⋅, ., …).
    public static let nameLookalikeSeparator = Self(rawValue: "nameLookalikeSeparator")
    /// White space in the name.
    public static let nameWhitespace = Self(rawValue: "nameWhitespace")
    /// The separator at the start or end, or two in a row.
    public static let nameSeparatorPlacement = Self(rawValue: "nameSeparatorPlacement")
    /// A character that is not a Chinese character (or the separator).
    public static let nameCharacter = Self(rawValue: "nameCharacter")
    /// Note: a one-character name, allowed only for some minority customary names.
    public static let nameSingleCharacter = Self(rawValue: "nameSingleCharacter")

    // MARK: Other fields
    /// A field the business requires is missing.
    public static let missingField = Self(rawValue: "missingField")
    /// A field the business does not define (data minimisation: nothing unasked is accepted).
    public static let unknownField = Self(rawValue: "unknownField")
    /// A value outside the allowed set or format.
    public static let invalidValue = Self(rawValue: "invalidValue")
    /// A date that is not `YYYY-MM-DD` or not a real calendar date.
    public static let invalidDate = Self(rawValue: "invalidDate")
    /// A date that must be in the past lies in the future.
    public static let futureDate = Self(rawValue: "futureDate")
    /// Text longer than allowed, or empty.
    public static let invalidLength = Self(rawValue: "invalidLength")
    /// Control characters, or white space around the value.
    public static let invalidCharacters = Self(rawValue: "invalidCharacters")
    /// Not a GB/T 4761-2008 relationship code.
    public static let invalidRelationship = Self(rawValue: "invalidRelationship")

    // MARK: Envelope
    /// The NDEF message holds no intent record.
    public static let noIntentRecord = Self(rawValue: "noIntentRecord")
    /// The NDEF message holds more than one intent record.
    public static let multipleIntentRecords = Self(rawValue: "multipleIntentRecords")
    /// The NDEF bytes themselves are malformed.
    public static let malformedNDEF = Self(rawValue: "malformedNDEF")
    /// The intent payload exceeds the size limit.
    public static let payloadTooLarge = Self(rawValue: "payloadTooLarge")
    /// The payload is not the JSON object (or JWS) this format defines.
    public static let malformedPayload = Self(rawValue: "malformedPayload")
    /// A member name appears twice in one JSON object (the JWS header, the claims or `data`); RFC 7519 §4.
    public static let duplicateMember = Self(rawValue: "duplicateMember")
    /// A claim of the wrong type, or a required claim missing.
    public static let invalidClaim = Self(rawValue: "invalidClaim")
    /// A format version this counter does not understand.
    public static let unsupportedVersion = Self(rawValue: "unsupportedVersion")
    /// A business code not in the catalog (or disabled here).
    public static let unknownBusiness = Self(rawValue: "unknownBusiness")
    /// A window number outside 1…999.
    public static let invalidWindow = Self(rawValue: "invalidWindow")
    /// A service card carries personal data or phone-only claims.
    public static let personalDataOnCard = Self(rawValue: "personalDataOnCard")

    // MARK: Signature and freshness
    /// Policy requires a signature for this profile.
    public static let signatureRequired = Self(rawValue: "signatureRequired")
    /// The JWS is not a well-formed compact serialization.
    public static let malformedSignature = Self(rawValue: "malformedSignature")
    /// The `kid` is not in the trusted-key set.
    public static let unknownKey = Self(rawValue: "unknownKey")
    /// The `alg` differs from the trusted key's algorithm.
    public static let algorithmMismatch = Self(rawValue: "algorithmMismatch")
    /// The trusted key may not sign this profile.
    public static let keyNotAllowed = Self(rawValue: "keyNotAllowed")
    /// The signature does not verify.
    public static let badSignature = Self(rawValue: "badSignature")
    /// `exp` has passed (beyond the allowed clock skew).
    public static let expired = Self(rawValue: "expired")
    /// `nbf` or `iat` lies in the future (beyond the allowed clock skew).
    public static let notYetValid = Self(rawValue: "notYetValid")
    /// `exp − iat` exceeds the policy's maximum lifetime.
    public static let lifetimeTooLong = Self(rawValue: "lifetimeTooLong")
    /// The nonce is missing or not 16–64 base64url characters.
    public static let invalidNonce = Self(rawValue: "invalidNonce")
    /// The nonce was already used: a replay.
    public static let replayed = Self(rawValue: "replayed")
}

extension FieldIssue {
    /// The bytes are not a valid NDEF message (`record` / ``Code/malformedNDEF``, docs/intent-format.md §7): the
    /// one wording for `hukou intent check` and a tap refused by the daemon.
    ///
    /// - Parameter detail: what the NDEF decoder found, in English (its code, message and offset).
    public static func malformedNDEF(_ detail: String) -> FieldIssue {
        FieldIssue(field: "record", code: .malformedNDEF, zh: "NDEF数据格式错误", en: "not a valid NDEF message: \(detail)")
    }
}
