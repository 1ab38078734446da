import CounterStore
import CounterWeb
import Foundation
import Logging

/// Builders shared by the web tests.
enum HallFixtures {
    static let name = "张小明"
    static let idNumber = "110101199003070011"

    static func tap(
        window: Int = 1,
        business: String = "ID_RENEW",
        category: String = "A",
        priority: Priority = .normal
    )
        -> TapSubmission
    {
        TapSubmission(
            businessCode: business,
            businessNameZH: business == "ID_RENEW" ? "居民身份证换领" : "户口迁入",
            businessNameEN: business == "ID_RENEW" ? "ID card renewal" : "Move-in registration",
            ticketCategory: category,
            window: window,
            priority: priority,
            intentPayload: Array("{\"v\":1}".utf8),
            profile: "phone",
            signatureStatus: "valid",
            applicant: ApplicantRecord(name: name, idNumber: idNumber),
            dedupKey: .nonce(UUID().uuidString, keyID: "k1"),
            materials: ["居民身份证", "户口簿"],
            receivedAt: Date(),
            reader: "sim0"
        )
    }

    /// Taps and confirms a transaction; returns it queued with its ticket.
    @discardableResult
    static func queued(_ store: CounterStore, window: Int = 1, priority: Priority = .normal) async throws
        -> CounterTransaction
    {
        let receipt = try await store.submitTap(tap(window: window, priority: priority))
        return try await store.confirm(receipt.transaction.id, operator: "clerk01")
    }

    static func hub(_ store: CounterStore, windows: [Int] = [1, 2]) -> HallHub {
        HallHub(
            store: store,
            configuration: WebConfiguration(stationName: "测试派出所", windows: windows),
            logger: Logger(label: "test"),
            audioPath: { ["/voice/\($0.spokenText.count).wav"] }
        )
    }

    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hall-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}
