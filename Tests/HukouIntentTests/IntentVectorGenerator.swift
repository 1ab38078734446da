import Foundation
import HukouIntent
import HukouText
import NDEF
import Testing

/// Writes docs/intent-vectors/vectors.json when `HUKOU_WRITE_VECTORS=1` (the committed file is the reference;
/// ``IntentVectorTests`` checks it on every run).
@Suite struct IntentVectorGenerator {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["HUKOU_WRITE_VECTORS"] == "1"))
    func writeVectors() async throws {
        let file = TestVectorFile(
            format: "hukou intent test vectors, format version 1",
            recordType: IntentFormat.defaultRecordType,
            trustedKeys: "trusted-keys.json",
            vectors: try await Self.makeVectors()
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try (encoder.encode(file) + Data("\n".utf8)).write(to: TestVectorFile.url)
    }

    static func isoString(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// (business, data change, expected field, expected code, description)
    static let defects: [(String, [String: String?], String, String, String)] = [
        (
            "BIRTH_REG", ["child_dob": "2026-03-05"], "data.child_dob", "futureDate",
            "newborn's date of birth after today"
        ),
        (
            "DEATH_DEREG", ["deceased_id": "110101199001010041"], "data.deceased_id", "idChecksum",
            "wrong check character"
        ),
        ("MOVE_IN", ["move_category": "marriage"], "data.move_category", "invalidValue", "category not in the list"),
        ("MOVE_OUT", ["dest_addr": nil], "data.dest_addr", "missingField", "destination address missing"),
        (
            "CROSS_PROVINCE", ["base_service": "DEATH_DEREG"], "data.base_service", "invalidValue",
            "not a cross-province business"
        ),
        ("HH_BOOKLET", ["hh": "户号123"], "data.hh", "invalidValue", "household number with Chinese characters"),
        ("ID_FIRST", ["name": "阿依古丽•买买提"], "data.name", "nameLookalikeSeparator", "U+2022 instead of U+00B7"),
        ("ID_RENEW", ["renew_reason": nil], "data.renew_reason", "missingField", "renewal reason missing"),
        ("ID_REPLACE", ["id": "１１０１０１１９９００３０７００１１"], "data.id", "idFullWidth", "full-width digits"),
        (
            "ID_TEMP", ["phone_no": "13800000000"], "data.phone_no", "unknownField",
            "a field the business does not collect"
        ),
        (
            "CERTIFICATE", ["cert_type": "birth_fact"], "data.cert_type", "invalidValue",
            "a fact stations no longer certify"
        ),
        ("NAME_CHANGE", ["new_name": "ZhangSan"], "data.new_name", "nameCharacter", "Latin letters in a name"),
        ("ITEM_CORRECTION", ["new_value": ""], "data.new_value", "invalidLength", "empty requested value"),
        ("HH_SPLIT", ["id": "999999199003070012"], "data.id", "idProvince", "province code 99"),
        (
            "RESIDENCE_PERMIT", ["stay_since": "2025-02-29"], "data.stay_since", "invalidDate",
            "29 February in a common year"
        ),
    ]

    /// Optional fields added to the valid vectors to exercise them.
    static let validExtras: [String: [String: String]] = [
        "BIRTH_REG": ["mother_id": "110101200002290026", "child_rel": "30", "hh": "110101001"],
        "ID_RENEW": ["id": "11010519491231002x", "delivery_addr": "重庆市涪陵区李渡街道2号"],
        "MOVE_IN": ["rel": "12", "origin_addr": "北京市东城区东华门街道1号"],
        "DEATH_DEREG": ["deceased_name": "李四", "rel": "20"],
        "ID_FIRST": ["name": "阿依古丽·买买提"],
        "CERTIFICATE": ["subject_id": "500102198512010038", "subject_name": "王五"],
    ]

    static func makeVectors() async throws -> [TestVector] {
        let key = try Fixtures.testKey()
        var vectors: [TestVector] = []
        func add(
            _ name: String,
            _ description: String,
            _ message: NDEFMessage,
            at instant: Date = Fixtures.now,
            _ expect: TestVector.Expectation
        ) throws {
            vectors.append(
                TestVector(
                    name: name,
                    description: description,
                    now: isoString(instant),
                    ndefHex: Hex.encode(try message.encoded()),
                    expect: expect
                )
            )
        }
        func invalid(_ reasons: [(String, String)]) -> TestVector.Expectation {
            TestVector.Expectation(valid: false, reasons: reasons.map { .init(field: $0.0, code: $0.1) })
        }
        for entry in BusinessCatalog.default.entries {
            var data = Fixtures.requiredData(for: entry.code)
            data.merge(validExtras[entry.code] ?? [:]) { _, new in new }
            let draft = Fixtures.phoneDraft(entry.code, data: data, nonceLabel: "valid")
            var expected = data
            if expected["id"] == "11010519491231002x" { expected["id"] = "11010519491231002X" }
            try add(
                "\(entry.code)/phone/valid",
                "\(entry.name.en): signed phone intent with the required fields",
                Fixtures.message(try await draft.signedPayload(with: key)),
                .init(
                    valid: true,
                    profile: "phone",
                    business: entry.code,
                    signature: "verified:test-2026",
                    fields: expected
                )
            )
        }
        for (code, change, field, reason, description) in defects {
            var data = Fixtures.requiredData(for: code)
            for (key, value) in change { data[key] = value }
            let draft = Fixtures.phoneDraft(code, data: data, nonceLabel: "invalid")
            try add(
                "\(code)/phone/invalid",
                "\(code): \(description)",
                Fixtures.message(try await draft.signedPayload(with: key)),
                invalid([(field, reason)])
            )
        }
        // Service cards
        let card = IntentDraft.serviceCard(business: "ID_RENEW", window: 3)
        try add(
            "card/unsigned",
            "unsigned service card {\"v\":1,\"svc\":\"ID_RENEW\",\"win\":3}: fits NTAG213",
            Fixtures.message(card.unsignedPayload()),
            .init(valid: true, profile: "serviceCard", business: "ID_RENEW", window: 3, signature: "unsigned")
        )
        try add(
            "card/signed",
            "signed service card (EdDSA JWS): needs NTAG215",
            Fixtures.message(try await IntentDraft.serviceCard(business: "RESIDENCE_PERMIT").signedPayload(with: key)),
            .init(valid: true, profile: "serviceCard", business: "RESIDENCE_PERMIT", signature: "verified:test-2026")
        )
        try add(
            "card/uri-and-aar",
            "URI record first, intent, Android Application Record: only the intent is read",
            Fixtures.message(
                card.unsignedPayload(),
                uri: "https://hukou.example.gov.cn/t/3",
                aar: "cn.gov.example.hukou"
            ),
            .init(valid: true, profile: "serviceCard", business: "ID_RENEW", window: 3, signature: "unsigned")
        )
        try add(
            "card/personal-data",
            "a service card carrying a name",
            Fixtures.message(Array(#"{"v":1,"svc":"ID_RENEW","data":{"name":"张三"}}"#.utf8)),
            invalid([("data", "personalDataOnCard")])
        )
        try add(
            "card/unknown-business",
            "business code not in the catalog",
            Fixtures.message(Array(#"{"v":1,"svc":"PASSPORT"}"#.utf8)),
            invalid([("svc", "unknownBusiness")])
        )
        try add(
            "card/version-2",
            "a format version this counter does not know",
            Fixtures.message(Array(#"{"v":2,"svc":"ID_RENEW"}"#.utf8)),
            invalid([("v", "unsupportedVersion")])
        )
        try add(
            "card/malformed-json",
            "truncated JSON",
            Fixtures.message(Array(#"{"v":1,"svc":"ID_RE"#.utf8)),
            invalid([("payload", "malformedPayload")])
        )
        try add(
            "card/duplicate-claim",
            "the claim svc twice: refused, never first- or last-wins (RFC 7519 §4)",
            Fixtures.message(Array(#"{"v":1,"svc":"ID_RENEW","svc":"PASSPORT"}"#.utf8)),
            invalid([("svc", "duplicateMember")])
        )
        try add(
            "card/duplicate-escaped-claim",
            "win twice, once spelled with a \\u escape",
            Fixtures.message(Array(#"{"v":1,"svc":"ID_RENEW","win":3,"\u0077in":4}"#.utf8)),
            invalid([("win", "duplicateMember")])
        )
        // Phone envelope and freshness
        let phone = Fixtures.phoneDraft("ID_FIRST", nonceLabel: "envelope")
        try add(
            "phone/unsigned",
            "a phone intent without a signature",
            Fixtures.message(phone.unsignedPayload()),
            invalid([("sig", "signatureRequired")])
        )
        let signedPhone = try await phone.signedPayload(with: key)
        try add(
            "phone/expired",
            "checked 400 s after issue (lifetime 120 s, skew 60 s)",
            Fixtures.message(signedPhone),
            at: Fixtures.issuedAt.addingTimeInterval(400),
            invalid([("exp", "expired")])
        )
        try add(
            "phone/not-yet-valid",
            "checked 300 s before issue (the phone's clock runs ahead)",
            Fixtures.message(signedPhone),
            at: Fixtures.issuedAt.addingTimeInterval(-300),
            invalid([("iat", "notYetValid")])
        )
        let stranger = try IntentSigningKey.generate(keyID: "stranger-2026")
        try add(
            "phone/unknown-key",
            "signed by a key the counter does not trust",
            Fixtures.message(try await phone.signedPayload(with: stranger)),
            invalid([("kid", "unknownKey")])
        )
        let parts = String(decoding: signedPhone, as: UTF8.self).split(separator: ".")
        let otherClaims = String(
            decoding: try await Fixtures.phoneDraft("ID_REPLACE", nonceLabel: "envelope").signedPayload(with: key),
            as: UTF8.self
        ).split(separator: ".")[1]
        try add(
            "phone/tampered",
            "the claims of another intent under this intent's signature",
            Fixtures.message(Array("\(parts[0]).\(otherClaims).\(parts[2])".utf8)),
            invalid([("sig", "badSignature")])
        )
        let duplicateData =
            Array(
                ##"{"v":1,"p":"phone","svc":"ID_RENEW","iat":\##(Int(Fixtures.issuedAt.timeIntervalSince1970)),"##
                    .utf8
            )
            + Array(
                ##""exp":\##(Int(Fixtures.issuedAt.timeIntervalSince1970) + 120),"nonce":"dup-member-nonce-0001","##
                    .utf8
            )
            + Array(
                #""data":{"name":"张小明","id":"110101199003070011","renew_reason":"expiring","name":"李四"}}"#.utf8
            )
        try add(
            "phone/duplicate-data-member",
            "a validly signed intent whose data names the applicant twice",
            Fixtures.message(
                try key.signCompact(
                    header: Array(#"{"alg":"EdDSA","kid":"test-2026"}"#.utf8),
                    payload: duplicateData
                )
            ),
            invalid([("data.name", "duplicateMember")])
        )
        try add(
            "phone/duplicate-header-member",
            "a JWS header with kid twice",
            Fixtures.message(
                try key.signCompact(
                    header: Array(#"{"alg":"EdDSA","kid":"stranger-2026","kid":"test-2026"}"#.utf8),
                    payload: duplicateData
                )
            ),
            invalid([("header.kid", "duplicateMember")])
        )
        // Messages
        try add(
            "message/no-intent",
            "a URI record only",
            NDEFMessage(
                NDEFRecord(typeNameFormat: .wellKnown, type: "U", payload: [0x04] + Array("example.gov.cn".utf8))
            ),
            invalid([("record", "noIntentRecord")])
        )
        try add(
            "message/two-intents",
            "two intent records: ambiguous",
            NDEFMessage(
                records: Fixtures.message(card.unsignedPayload()).records
                    + Fixtures.message(card.unsignedPayload()).records
            ),
            invalid([("record", "multipleIntentRecords")])
        )
        return vectors
    }
}
