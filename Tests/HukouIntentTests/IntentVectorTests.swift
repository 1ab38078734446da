import Foundation
import HukouIntent
import HukouText
import NDEF
import Testing

/// Checks every committed vector in docs/intent-vectors against its documented interpretation.
@Suite struct IntentVectorTests {
    static func loadFile() throws -> TestVectorFile {
        try JSONDecoder().decode(TestVectorFile.self, from: Data(contentsOf: TestVectorFile.url))
    }

    static let vectors: [TestVector] = (try? loadFile().vectors) ?? []

    @Test func fileLoadsAndCoversEveryBusiness() throws {
        let file = try Self.loadFile()
        #expect(file.recordType == IntentFormat.defaultRecordType)
        let names = Set(file.vectors.map(\.name))
        for entry in BusinessCatalog.default.entries {
            #expect(names.contains("\(entry.code)/phone/valid"), "\(entry.code) has no valid vector")
            #expect(names.contains("\(entry.code)/phone/invalid"), "\(entry.code) has no invalid vector")
        }
        #expect(file.vectors.count == Set(file.vectors.map(\.name)).count)
    }

    @Test(arguments: vectors)
    func vectorMatchesItsInterpretation(vector: TestVector) async throws {
        let now = try #require(ISO8601DateFormatter().date(from: vector.now))
        let message = try NDEFMessage(decoding: Hex.decode(vector.ndefHex))
        let verifier = try Fixtures.verifier()
        do throws(IntentRejection) {
            let intent = try verifier.verify(message, now: now)
            #expect(vector.expect.valid, "accepted, expected \(vector.expect.reasons ?? [])")
            #expect(intent.profile.rawValue == vector.expect.profile)
            #expect(intent.business.code == vector.expect.business)
            #expect(intent.window == vector.expect.window)
            let signature: String =
                switch intent.signature {
                case .unsigned: "unsigned"
                case .verified(let keyID, _): "verified:\(keyID)"
                }
            #expect(signature == vector.expect.signature)
            #expect((intent.applicant?.fields ?? [:]) == (vector.expect.fields ?? [:]))
        } catch {
            #expect(!vector.expect.valid, "rejected: \(error)")
            let found = error.reasons.map { TestVector.Reason(field: $0.field, code: $0.code.rawValue) }
            #expect(found == vector.expect.reasons)
        }
    }
}
