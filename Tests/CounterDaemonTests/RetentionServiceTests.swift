import CounterDaemon
import CounterStore
import Foundation
import Logging
import ServiceLifecycle
import Testing

@Suite struct RetentionServiceTests {
    @Test func purgesEndedTransactionsOnItsScheduleUntilShutdown() async throws {
        let store = try CounterStore.inMemory()
        let tap = TapSubmission(
            businessCode: "ID_RENEW",
            businessNameZH: "换领居民身份证",
            businessNameEN: "ID card renewal",
            ticketCategory: "B",
            window: 1,
            priority: .normal,
            intentPayload: Array(#"{"v":1}"#.utf8),
            profile: "phone",
            signatureStatus: "verified:test",
            applicant: ApplicantRecord(name: "李四", idNumber: "110105194912310021"),
            dedupKey: .nonce("retention-nonce-0001", keyID: "k"),
            materials: [],
            receivedAt: Date(),
            reader: "sim:w1"
        )
        let ended = try await store.submitTap(tap).transaction.id
        _ = try await store.reject(ended, reason: "材料不全", operator: "clerk01")
        var logger = Logger(label: "test.retention")
        logger.logLevel = .critical
        // Two days from now, with a one-day retention: the rejected transaction is due.
        let service = RetentionService(
            store: store,
            retentionDays: 1,
            interval: .milliseconds(50),
            logger: logger,
            clock: { Date().addingTimeInterval(2 * 86_400) }
        )
        let group = ServiceGroup(services: [service], logger: logger)
        let task = Task { try await group.run() }
        let deadline = ContinuousClock.now + .seconds(20)
        while try await store.applicant(of: ended) != nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        await group.triggerGracefulShutdown()
        try await task.value
        #expect(try await store.applicant(of: ended) == nil)
        #expect(try await store.transaction(ended)?.maskedName == "李*")
        #expect(try await store.verifyAudit() == .intact(rows: 3))
    }
}
