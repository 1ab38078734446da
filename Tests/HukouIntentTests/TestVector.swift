import Foundation

/// One entry of docs/intent-vectors/vectors.json.
struct TestVector: Codable, Hashable {
    struct Reason: Codable, Hashable {
        var field: String
        var code: String
    }

    struct Expectation: Codable, Hashable {
        var valid: Bool
        var profile: String?
        var business: String?
        var window: Int?
        /// `unsigned` or `verified:<kid>`.
        var signature: String?
        /// The validated data fields, full values (all synthetic).
        var fields: [String: String]?
        var reasons: [Reason]?
    }

    var name: String
    var description: String
    /// The instant to check at (ISO 8601).
    var now: String
    var ndefHex: String
    var expect: Expectation

    enum CodingKeys: String, CodingKey {
        case name, description, now, expect
        case ndefHex = "ndef_hex"
    }
}

/// The whole vector file.
struct TestVectorFile: Codable, Hashable {
    var format: String
    var recordType: String
    var trustedKeys: String
    var vectors: [TestVector]

    enum CodingKeys: String, CodingKey {
        case format, vectors
        case recordType = "record_type"
        case trustedKeys = "trusted_keys"
    }

    static let url = Fixtures.vectorsDirectory.appendingPathComponent("vectors.json")
}
