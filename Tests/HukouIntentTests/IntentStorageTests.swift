import Foundation
import HukouIntent
import Testing

@Suite struct IntentStorageTests {
    @Test func verifiedIntentsAndRejectionsRoundTripThroughJSON() async throws {
        let message = try await Fixtures.signedMessage(Fixtures.phoneDraft("BIRTH_REG"))
        let intent = try Fixtures.verifier().verify(message, now: Fixtures.now)
        let decoded = try JSONDecoder().decode(VerifiedIntent.self, from: JSONEncoder().encode(intent))
        #expect(decoded == intent)
        let rejection = IntentRejection(field: "data.id", code: .idChecksum, zh: "校验码错误", en: "bad check")
        #expect(try JSONDecoder().decode(IntentRejection.self, from: JSONEncoder().encode(rejection)) == rejection)
    }
}
