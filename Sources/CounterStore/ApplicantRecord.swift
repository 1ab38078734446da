/// The applicant's personal data carried by an intent; the store keeps it only sealed (AES-GCM).
///
/// The store never writes `name` or `idNumber` in clear: it keeps a sealed copy, masked forms for
/// display and a keyed hash of the ID number for look-ups.
public struct ApplicantRecord: Sendable, Hashable, Codable {
    /// The applicant's name, if the intent carries one.
    public var name: String?
    /// The resident ID number (居民身份证号码), if the intent carries one.
    public var idNumber: String?
    /// Other applicant fields the business needs (phone, address, ...), sealed with the rest.
    public var fields: [String: String]

    /// Creates a record.
    public init(name: String? = nil, idNumber: String? = nil, fields: [String: String] = [:]) {
        self.name = name
        self.idNumber = idNumber
        self.fields = fields
    }

    /// The keys of the values present: `name` and `id` (the catalog keys of the name and the ID number), then the
    /// other fields' keys in sorted order.
    public var fieldKeys: [String] {
        (name == nil ? [] : ["name"]) + (idNumber == nil ? [] : ["id"]) + fields.keys.sorted()
    }
}
