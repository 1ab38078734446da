import HukouText

/// The applicant's prefill data from a phone intent, every field validated.
///
/// Well-known fields have properties; business-specific ones (the newborn's name, the certificate type …) are in
/// ``extra`` under their catalog keys. ID numbers are normalised (upper-case X, legacy numbers upgraded).
/// ``description`` is masked; print full values only on an explicit reveal.
public struct ApplicantData: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The applicant's name (catalog key `name`).
    public var name: String?
    /// The applicant's resident ID number, normalised (catalog key `id`).
    public var idNumber: String?
    /// The household number 户号 (`hh`).
    public var householdNumber: String?
    /// The relationship to the household head (`rel`).
    public var relationship: RelationshipCode?
    /// Addresses by catalog key (`addr`, `dest_addr`, `hukou_addr`, …).
    public var addresses: [String: String]
    /// Every other field by catalog key, validated and normalised.
    public var extra: [String: String]

    /// Creates applicant data.
    public init(
        name: String? = nil,
        idNumber: String? = nil,
        householdNumber: String? = nil,
        relationship: RelationshipCode? = nil,
        addresses: [String: String] = [:],
        extra: [String: String] = [:]
    ) {
        self.name = name
        self.idNumber = idNumber
        self.householdNumber = householdNumber
        self.relationship = relationship
        self.addresses = addresses
        self.extra = extra
    }

    /// Every field as catalog key → value (the shape of the intent's `data` object).
    public var fields: [String: String] {
        var all = extra.merging(addresses) { first, _ in first }
        if let name { all["name"] = name }
        if let idNumber { all["id"] = idNumber }
        if let householdNumber { all["hh"] = householdNumber }
        if let relationship { all["rel"] = relationship.code }
        return all
    }

    public var description: String {
        var parts: [String] = []
        if let name { parts.append("name=\(PrivacyMask.name(name))") }
        if let idNumber { parts.append("id=\(PrivacyMask.idNumber(idNumber))") }
        if let householdNumber { parts.append("hh=\(PrivacyMask.householdNumber(householdNumber))") }
        if let relationship { parts.append("rel=\(relationship.code)") }
        if !addresses.isEmpty || !extra.isEmpty { parts.append("+\(addresses.count + extra.count) fields") }
        return "ApplicantData(" + parts.joined(separator: ", ") + ")"
    }
}
