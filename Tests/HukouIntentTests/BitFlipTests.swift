import Foundation
import HukouIntent
import HukouText
import NDEF
import Testing

/// One flipped bit anywhere in a signed intent's NDEF bytes must never yield an accepted intent.
@Suite struct BitFlipTests {
    @Test(arguments: ["phone", "card"])
    func everySingleBitFlipIsRejected(kind: String) async throws {
        let draft =
            kind == "phone"
            ? Fixtures.phoneDraft("ID_RENEW") : IntentDraft.serviceCard(business: "ID_RENEW", window: 3)
        let original = try Fixtures.message(try await draft.signedPayload(with: try Fixtures.testKey())).encoded()
        let verifier = try Fixtures.verifier()
        _ = try verifier.verify(try NDEFMessage(decoding: original), now: Fixtures.now)
        var accepted: [Int] = []
        for bit in 0..<(original.count * 8) {
            var bytes = original
            bytes[bit / 8] ^= 1 << UInt8(bit % 8)
            guard let message = try? NDEFMessage(decoding: bytes) else { continue }
            if (try? verifier.verify(message, now: Fixtures.now)) != nil { accepted.append(bit) }
        }
        #expect(accepted.isEmpty, "accepted after flipping bits \(accepted)")
    }

    @Test func everySingleBitFlipOfTheCommittedVectorIsRejected() throws {
        let vector = try #require(IntentVectorTests.vectors.first { $0.name == "ID_RENEW/phone/valid" })
        let now = try #require(ISO8601DateFormatter().date(from: vector.now))
        let original = try Hex.decode(vector.ndefHex)
        let verifier = try Fixtures.verifier()
        _ = try verifier.verify(try NDEFMessage(decoding: original), now: now)
        var accepted: [Int] = []
        for bit in 0..<(original.count * 8) {
            var bytes = original
            bytes[bit / 8] ^= 1 << UInt8(bit % 8)
            guard let message = try? NDEFMessage(decoding: bytes) else { continue }
            if (try? verifier.verify(message, now: now)) != nil { accepted.append(bit) }
        }
        #expect(accepted.isEmpty, "accepted after flipping bits \(accepted)")
    }
}
