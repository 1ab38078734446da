import Foundation
import HukouIntent
import HukouTestSupport
import NDEF

/// Shared test data: the documented TEST key, a fixed clock, and valid sample values for every catalog field.
enum Fixtures {
    /// The repository root, from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The CLI under test: `HUKOU_BIN`, else `<package root>/.build/debug/hukou`; `nil` when not built.
    static let hukouBinary: String? = HukouBinary.pathIfBuilt
    static let vectorsDirectory = packageRoot.appendingPathComponent("docs/intent-vectors")

    /// 2026-03-01 09:30:00 Beijing time.
    static let now = Date(timeIntervalSince1970: 1_772_328_600)
    /// When the vectors' phone intents were issued: ten seconds before ``now``.
    static let issuedAt = now.addingTimeInterval(-10)

    static func testKey() throws -> IntentSigningKey {
        try IntentSigningKey(jwk: Data(contentsOf: vectorsDirectory.appendingPathComponent("test-key.jwk")))
    }

    static func trustedKeys() throws -> TrustedKeySet {
        try TrustedKeySet.load(from: vectorsDirectory.appendingPathComponent("trusted-keys.json"))
    }

    static func verifier(policy: IntentPolicy = .default) throws -> IntentVerifier {
        IntentVerifier(catalog: .default, trustedKeys: try trustedKeys(), policy: policy)
    }

    /// A valid value for every field of the default catalog.
    static let sampleValues: [String: String] = [
        "name": "张小明", "id": "110101199003070011", "hh": "110101001", "rel": "02",
        "addr": "北京市东城区东华门街道1号",
        "child_name": "张小宝", "child_sex": "female", "child_dob": "2026-02-20", "child_birthplace": "北京市东城区",
        "child_ethnicity": "汉族", "child_rel": "30", "birth_cert_no": "Q110012345", "follow": "father",
        "father_id": "110101199003070011", "mother_id": "110101200002290026",
        "deceased_id": "11010119900101004X", "deceased_name": "李四", "death_date": "2026-02-25",
        "death_proof": "medical",
        "move_category": "spouse", "dest_addr": "重庆市涪陵区李渡街道2号", "origin_addr": "北京市东城区东华门街道1号",
        "permit_no": "500102-2026-0001", "move_reason": "夫妻投靠",
        "base_service": "ID_FIRST", "hukou_addr": "北京市东城区东华门街道1号", "residence_addr": "重庆市涪陵区李渡街道2号",
        "residence_permit_no": "5001020001",
        "booklet_reason": "lost", "renew_reason": "expiring", "delivery_addr": "重庆市涪陵区李渡街道2号",
        "receipt_no": "500102202600123",
        "cert_type": "kinship", "purpose": "办理继承公证", "subject_id": "500102198512010038", "subject_name": "王五",
        "new_name": "张晓明", "name_reason": "同名过多", "item": "ethnicity", "old_value": "汉族", "new_value": "土家族",
        "evidence": "民族事务部门证明", "new_addr": "重庆市涪陵区李渡街道3号",
        "employer_or_school": "重庆某科技有限公司", "stay_since": "2025-09-01",
    ]

    /// The required fields of a business filled with sample values.
    static func requiredData(for code: String) -> [String: String] {
        guard let entry = BusinessCatalog.default.entry(for: code) else { return [:] }
        var data: [String: String] = [:]
        for key in entry.requiredFields { data[key] = sampleValues[key] }
        return data
    }

    /// A phone draft with a fixed nonce derived from `label`, issued at ``issuedAt`` for 120 s.
    static func phoneDraft(_ code: String, data: [String: String]? = nil, nonceLabel: String = "n") -> IntentDraft {
        var draft = IntentDraft.phone(business: code, data: data ?? requiredData(for: code), issuedAt: issuedAt)
        draft.nonce = nonce(nonceLabel + code)
        return draft
    }

    /// A deterministic 22-character base64url nonce for a label.
    static func nonce(_ label: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var state: UInt64 = 1_469_598_103_934_665_603
        for byte in label.utf8 { state = (state ^ UInt64(byte)) &* 1_099_511_628_211 }
        return String(
            (0..<22).map { index in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return alphabet[Int((state >> 33) % 64)]
            }
        )
    }

    static func message(_ payload: [UInt8], uri: String? = nil, aar: String? = nil) -> NDEFMessage {
        IntentDraft.message(payload: payload, uri: uri, androidPackage: aar)
    }

    static func signedMessage(_ draft: IntentDraft) async throws -> NDEFMessage {
        message(try await draft.signedPayload(with: try testKey()))
    }
}
