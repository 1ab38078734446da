import CounterStore
import CounterTerminal
import Foundation
import HukouIntent
import Testing

/// An ID card renewal tapped on a phone with every field of the business, for the application view.
func renewalTap(window: Int, nonce: String, name: String = "张小明", fields: [String: String]? = nil) -> TapSubmission {
    TapSubmission(
        businessCode: "ID_RENEW",
        businessNameZH: "居民身份证换领",
        businessNameEN: "Resident ID card renewal",
        ticketCategory: "B",
        window: window,
        priority: .elderly,
        intentPayload: Array("eyJhbGciOiJFZERTQSJ9.e30.sig".utf8),
        profile: "phone",
        signatureStatus: "verified:test-2026",
        applicant: ApplicantRecord(
            name: name,
            idNumber: "110101199003070011",
            fields: fields ?? ["renew_reason": "expiring", "delivery_addr": "北京市东城区东华门街道100号"]
        ),
        dedupKey: .nonce(nonce, keyID: "test-2026"),
        materials: BusinessCatalog.default.entry(for: "ID_RENEW")?.materials.map(\.zh) ?? [],
        reader: "sim:window\(window)"
    )
}

/// 2026-12-04 12:00 Beijing.
let fixedNow = Date(timeIntervalSince1970: 1_796_356_800)

@Suite("Application view")
struct ApplicationViewTests {
    static func transaction(_ store: CounterStore, window: Int = 1, name: String = "张小明") async throws
        -> CounterTransaction
    {
        try await store.submitTap(renewalTap(window: window, nonce: UUID().uuidString, name: name)).transaction
    }

    @Test("fields in catalog order with Chinese labels, full values, ID facts, priority, signature, checklist")
    func chinese() async throws {
        let store = try CounterStore.inMemory()
        let tx = try await Self.transaction(store)
        let applicant = try #require(try await store.applicant(of: tx.id))
        let lines = CounterRenderer(language: .zh, window: 1).application(
            tx,
            applicant: applicant,
            business: BusinessCatalog.default.entry(for: "ID_RENEW"),
            checked: [2],
            now: fixedNow
        )
        let text = lines.joined(separator: "\n")
        let order = ["申请人姓名: 张小明", "申请人公民身份号码: 110101199003070011", "换领原因: expiring", "证件邮寄地址: 北京市东城区东华门街道100号"]
        let positions = order.map { text.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(text)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "catalog order: \(text)")
        #expect(text.contains("出生 1990-03-07 · 36 岁 · 男 · 北京市 (110101)"), "\(text)")
        #expect(text.contains("申报优先: 【老年人优先】"))
        #expect(text.contains("已验证（密钥 test-2026）") && text.contains("手机碰一碰"))
        #expect(text.contains("[ ] 1 原居民身份证") && text.contains("[✓] 2 异地换领的"), "\(text)")
    }

    @Test("English labels and material names with --lang en")
    func english() async throws {
        let store = try CounterStore.inMemory()
        let tx = try await Self.transaction(store)
        let lines = CounterRenderer(language: .en, window: 1).application(
            tx,
            applicant: try await store.applicant(of: tx.id),
            business: BusinessCatalog.default.entry(for: "ID_RENEW"),
            checked: [],
            now: fixedNow
        )
        let text = lines.joined(separator: "\n")
        #expect(text.contains("applicant's name: 张小明") && text.contains("applicant's ID number: 110101199003070011"))
        #expect(text.contains("born 1990-03-07 · age 36 · male"))
        #expect(text.contains("[ ] 1 the old ID card"), "\(text)")
    }

    @Test("a service card shows 'no data'; unknown keys come last by key")
    func cardAndUnknownKeys() throws {
        let renderer = CounterRenderer(language: .en, window: 1)
        let card = try CounterTransaction.sample(profile: "card", signature: "unsigned")
        let text = renderer.application(card, applicant: nil, business: nil, checked: [], now: fixedNow)
            .joined(separator: "\n")
        #expect(text.contains("service card, no data"))
        let applicant = ApplicantRecord(name: "李四", fields: ["zz": "last", "aa": "first"])
        let lines = renderer.application(card, applicant: applicant, business: nil, checked: [], now: fixedNow)
        let joined = lines.joined(separator: "\n")
        let name = try #require(joined.range(of: "name: 李四"))
        let aa = try #require(joined.range(of: "aa: first"))
        let zz = try #require(joined.range(of: "zz: last"))
        #expect(name.lowerBound < aa.lowerBound && aa.lowerBound < zz.lowerBound)
    }

    @Test(
        "hostile values never reach the screen as controls, escapes, bidi overrides or separators",
        arguments: [
            "\u{1B}[2J\u{1B}]0;pwned\u{07}", "\u{202E}evil", "a\u{200B}b\u{2066}c", "x\u{2028}y\u{2029}z", "\u{9B}31m",
        ]
    )
    func hostile(_ value: String) throws {
        let renderer = CounterRenderer(language: .zh, window: 1)
        let card = try CounterTransaction.sample(profile: "phone", signature: "verified:k")
        let applicant = ApplicantRecord(name: "王五" + value, fields: ["renew_reason": value, value: value])
        let lines = renderer.application(card, applicant: applicant, business: nil, checked: [], now: fixedNow)
        for line in lines {
            for scalar in line.unicodeScalars {
                let category = scalar.properties.generalCategory
                #expect(
                    ![.control, .format, .lineSeparator, .paragraphSeparator].contains(category),
                    "U+\(String(scalar.value, radix: 16)) reached the screen in \(line.debugDescription)"
                )
            }
        }
        #expect(lines.joined().contains("\u{FFFD}"))
    }

    @Test("the terminal filter replaces Cc, Cf, Zl, Zp and leaves other text alone")
    func terminalText() {
        #expect(TerminalText.safe("张三 A001 ✓ 📣") == "张三 A001 ✓ 📣")
        #expect(TerminalText.safe("a\u{1B}b\u{7F}c\u{85}d\u{202D}e\u{FEFF}f\u{2029}") == "a�b�c�d�e�f�")
    }
}

extension CounterTransaction {
    /// A transaction value for rendering tests (no store).
    static func sample(profile: String, signature: String) throws -> CounterTransaction {
        let now = fixedNow
        let json = """
            {"id":7,"state":"serving","ticket":"B001","window":1,"businessCode":"ID_RENEW",
            "businessNameZH":"居民身份证换领","businessNameEN":"Resident ID card renewal","ticketCategory":"B",
            "priority":"normal","profile":"\(profile)","signatureStatus":"\(signature)","materials":["原居民身份证"],
            "reader":"sim:w1","recallCount":0,"createdAt":\(now.timeIntervalSinceReferenceDate),
            "updatedAt":\(now.timeIntervalSinceReferenceDate)}
            """
        return try JSONDecoder().decode(CounterTransaction.self, from: Data(json.utf8))
    }
}
