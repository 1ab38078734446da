import Foundation
import HukouIntent
import HukouText
import NDEF
import Testing

/// One receipt test vector (docs/intent-vectors/receipt-vectors.json).
struct ReceiptVector: Codable, Hashable {
    var description: String
    /// The NDEF message as read from the phone, hex.
    var hex: String
    /// The nonce of the intent it answers.
    var nonce: String
    /// `valid`, or the ``ReceiptError/Code`` it must fail with.
    var expect: String
    /// The claims, for valid vectors.
    var receipt: Receipt?
}

/// The receipt vectors file.
struct ReceiptVectorFile: Codable {
    var format: String
    var recordType: String
    var trustedKeys: String
    var vectors: [ReceiptVector]

    static let url = Fixtures.vectorsDirectory.appendingPathComponent("receipt-vectors.json")
}

@Suite("Receipts: the rcpt member, signing, verifying, vectors")
struct ReceiptTests {
    static func stationKey() throws -> IntentSigningKey {
        try IntentSigningKey(
            jwk: Data(contentsOf: Fixtures.vectorsDirectory.appendingPathComponent("receipt-station-key.jwk"))
        )
    }

    static func stationKeys() throws -> TrustedKeySet {
        try TrustedKeySet.load(from: Fixtures.vectorsDirectory.appendingPathComponent("receipt-trusted-keys.json"))
    }

    static let nonce = Fixtures.nonce("receipt")

    static let pending = Receipt(
        station: "北京市东城区东华门派出所",
        issuedAt: 1_772_328_600,
        nonce: nonce,
        business: "ID_RENEW",
        businessName: LocalizedText(zh: "居民身份证换领", en: "ID card renewal"),
        window: 3,
        state: "pending",
        position: 2,
        materials: [LocalizedText(zh: "居民户口簿", en: "household register")]
    )

    static var queued: Receipt {
        var receipt = pending
        receipt.state = "confirmed"
        receipt.ticket = "A012"
        receipt.position = 4
        receipt.estimatedWait = 1200
        return receipt
    }

    @Test("A phone intent may ask for a receipt; a card may not; rcpt must be a boolean")
    func rcptMember() async throws {
        let verifier = try Fixtures.verifier()
        var draft = Fixtures.phoneDraft("ID_RENEW")
        draft.wantsReceipt = true
        #expect(String(decoding: draft.unsignedPayload(), as: UTF8.self).hasSuffix(",\"rcpt\":true}"))
        let signed = try await Fixtures.signedMessage(draft)
        let intent = try verifier.verify(signed, now: Fixtures.now)
        #expect(intent.wantsReceipt)
        let plain = try verifier.verify(
            try await Fixtures.signedMessage(Fixtures.phoneDraft("ID_RENEW")),
            now: Fixtures.now
        )
        #expect(!plain.wantsReceipt)

        let card = Fixtures.message(Array(#"{"v":1,"svc":"ID_RENEW","rcpt":true}"#.utf8))
        #expect {
            try verifier.verify(card, now: Fixtures.now)
        } throws: { ($0 as? IntentRejection)?.reasons.map(\.field) == ["rcpt"] }
        let wrongType = Fixtures.message(Array(#"{"v":1,"svc":"ID_RENEW","rcpt":1}"#.utf8))
        #expect {
            try verifier.verify(wrongType, now: Fixtures.now)
        } throws: { ($0 as? IntentRejection)?.contains(.invalidClaim) == true }
    }

    @Test("A signed receipt verifies with the station key and binds the nonce; a pending one has no ticket")
    func signAndVerify() async throws {
        let key = try Self.stationKey()
        let bytes = try await Self.pending.message(signedWith: key)
        let verified = try ReceiptVerifier.verify(message: bytes, keys: try Self.stationKeys(), nonce: Self.nonce)
        #expect(verified.receipt == Self.pending)
        #expect(verified.keyID == key.keyID)
        // The JWS payload is the receipt's JSON encoding: unknown values are left out, not null.
        let claims = String(decoding: try JSONEncoder().encode(Self.pending), as: UTF8.self)
        #expect(!claims.contains("\"tkt\""))
        #expect(!claims.contains("\"wait\""))
        #expect(bytes.count < 1024)
        #expect {
            try ReceiptVerifier.verify(message: bytes, keys: try Self.stationKeys(), nonce: Fixtures.nonce("other"))
        } throws: { ($0 as? ReceiptError)?.code == .nonceMismatch }
        // Shown to a trainer without a key; refused when malformed.
        #expect(ReceiptVerifier.unverifiedClaims(jws: try await Self.pending.signed(with: key)) == Self.pending)
        #expect(ReceiptVerifier.unverifiedClaims(jws: Array("a.b.c".utf8)) == nil)
    }

    @Test("Every refusal: empty file, other message, two receipts, foreign key, flipped bit, bad claims")
    func refusals() async throws {
        for vector in try await Self.makeVectors() where vector.expect != "valid" {
            #expect {
                try ReceiptVerifier.verify(
                    message: try Hex.decode(vector.hex),
                    keys: try Self.stationKeys(),
                    nonce: vector.nonce
                )
            } throws: { ($0 as? ReceiptError)?.code.description == vector.expect }
        }
    }

    @Test("The committed receipt vectors verify as documented")
    func committedVectors() throws {
        let file = try JSONDecoder().decode(ReceiptVectorFile.self, from: Data(contentsOf: ReceiptVectorFile.url))
        #expect(file.vectors.count >= 8)
        for vector in file.vectors {
            let bytes = try Hex.decode(vector.hex)
            do {
                let verified = try ReceiptVerifier.verify(
                    message: bytes,
                    keys: try Self.stationKeys(),
                    nonce: vector.nonce
                )
                #expect(vector.expect == "valid", "\(vector.description)")
                #expect(verified.receipt == vector.receipt, "\(vector.description)")
            } catch {
                #expect((error as? ReceiptError)?.code.description == vector.expect, "\(vector.description): \(error)")
            }
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["HUKOU_WRITE_VECTORS"] == "1"))
    func writeVectors() async throws {
        let file = ReceiptVectorFile(
            format: "hukou receipt test vectors, format version 1",
            recordType: Receipt.recordType,
            trustedKeys: "receipt-trusted-keys.json",
            vectors: try await Self.makeVectors()
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try (encoder.encode(file) + Data("\n".utf8)).write(to: ReceiptVectorFile.url)
    }

    static func record(_ payload: [UInt8], type: String = Receipt.recordType) -> NDEFRecord {
        NDEFRecord(typeNameFormat: .external, type: type, payload: payload)
    }

    static func makeVectors() async throws -> [ReceiptVector] {
        let key = try stationKey()
        let pendingBytes = try await pending.message(signedWith: key)
        let queuedBytes = try await queued.message(signedWith: key)
        let jws = try await pending.signed(with: key)
        var flipped = pendingBytes
        // One character of the signature replaced by another base64url character (never the last one, whose low bits
        // are padding), so the JWS stays well-formed and only the signature is wrong.
        let position = flipped.count - 10
        flipped[position] = flipped[position] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let foreign = try IntentSigningKey(
            jwk: Data(contentsOf: Fixtures.vectorsDirectory.appendingPathComponent("test-key.jwk"))
        )
        var extra = pending
        extra.version = 2
        func hex(_ records: [NDEFRecord]) throws -> String { Hex.encode(try NDEFMessage(records: records).encoded()) }
        return [
            ReceiptVector(
                description: "pending request: no ticket yet, position among the window's pending requests",
                hex: Hex.encode(pendingBytes),
                nonce: nonce,
                expect: "valid",
                receipt: pending
            ),
            ReceiptVector(
                description: "confirmed request: ticket, place in the window's queue, estimated wait",
                hex: Hex.encode(queuedBytes),
                nonce: nonce,
                expect: "valid",
                receipt: queued
            ),
            ReceiptVector(
                description: "empty NDEF file (NLEN 0 after a torn write): no receipt",
                hex: "",
                nonce: nonce,
                expect: "invalidNDEF",
                receipt: nil
            ),
            ReceiptVector(
                description: "the phone still holds its intent, no receipt record",
                hex: try hex([record(Array("{}".utf8), type: "mps.gov.cn:hukou")]),
                nonce: nonce,
                expect: "noReceiptRecord",
                receipt: nil
            ),
            ReceiptVector(
                description: "two receipt records",
                hex: try hex([record(jws), record(jws)]),
                nonce: nonce,
                expect: "multipleReceiptRecords",
                receipt: nil
            ),
            ReceiptVector(
                description: "signed by a key that is not a station key",
                hex: try hex([record(try await pending.signed(with: foreign))]),
                nonce: nonce,
                expect: "unknownKey",
                receipt: nil
            ),
            ReceiptVector(
                description: "one character of the signature changed",
                hex: Hex.encode(flipped),
                nonce: nonce,
                expect: "badSignature",
                receipt: nil
            ),
            ReceiptVector(
                description: "receipt version 2",
                hex: try hex([record(try await extra.signed(with: key))]),
                nonce: nonce,
                expect: "invalidClaims",
                receipt: nil
            ),
            ReceiptVector(
                description: "answers another intent",
                hex: Hex.encode(pendingBytes),
                nonce: Fixtures.nonce("other"),
                expect: "nonceMismatch",
                receipt: nil
            ),
            ReceiptVector(
                description: "not a JWS",
                hex: try hex([record(Array("not-a-jws".utf8))]),
                nonce: nonce,
                expect: "malformedSignature",
                receipt: nil
            ),
        ]
    }
}
