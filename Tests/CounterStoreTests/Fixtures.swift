import CounterStore
import Foundation
import Synchronization

/// Builders shared by the store tests.
enum Fixtures {
    static let fixedKey: [UInt8] = Array(0..<32)

    static func tap(
        window: Int = 1,
        category: String = "A",
        priority: Priority = .normal,
        dedup: DedupKey? = nil,
        applicant: ApplicantRecord? = nil,
        payload: [UInt8] = Array("{\"v\":1,\"biz\":\"HK-QR\"}".utf8),
        at date: Date = Date()
    ) -> TapSubmission {
        TapSubmission(
            businessCode: "HK-QR",
            businessNameZH: "迁入登记",
            businessNameEN: "Move-in registration",
            ticketCategory: category,
            window: window,
            priority: priority,
            intentPayload: payload,
            profile: "phone",
            signatureStatus: "valid",
            applicant: applicant,
            dedupKey: dedup ?? .nonce(UUID().uuidString, keyID: "k1"),
            materials: ["居民身份证", "户口簿"],
            receivedAt: date,
            reader: "sim0"
        )
    }

    /// A fresh directory under the system temporary directory, removed by the returned cleanup.
    static func temporaryDirectory() throws -> (path: String, cleanup: @Sendable () -> Void) {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("counterstore-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let path = url.path
        return (path, { try? FileManager.default.removeItem(atPath: path) })
    }
}

/// A settable clock for tests that need particular days and times.
final class TestClock: Sendable {
    private let state = Mutex(Date(timeIntervalSince1970: 1_795_000_000))

    var now: Date { state.withLock { $0 } }

    func set(_ date: Date) { state.withLock { $0 = date } }

    func advance(_ seconds: TimeInterval) { state.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
