import Crypto
import Foundation
import HukouIntent
import NDEF
import Testing

@Suite struct IntentVerifierTests {
    let now = Fixtures.now

    func rejection(
        _ message: NDEFMessage,
        verifier: IntentVerifier? = nil,
        at instant: Date? = nil
    ) async throws -> [FieldIssue.Code] {
        let verifier = try verifier ?? Fixtures.verifier()
        do {
            _ = try verifier.verify(message, now: instant ?? now)
            return []
        } catch {
            return error.reasons.map(\.code)
        }
    }

    @Test func unsignedServiceCardIsAccepted() async throws {
        let payload = IntentDraft.serviceCard(business: "ID_RENEW", window: 3).unsignedPayload()
        #expect(String(decoding: payload, as: UTF8.self) == #"{"v":1,"svc":"ID_RENEW","win":3}"#)
        let intent = try Fixtures.verifier().verify(Fixtures.message(payload), now: now)
        #expect(intent.profile == .serviceCard)
        #expect(intent.business.code == "ID_RENEW")
        #expect(intent.business.category == "B")
        #expect(intent.window == 3)
        #expect(intent.signature == .unsigned)
        #expect(intent.applicant == nil)
        #expect(intent.canonicalPayload == payload)
    }

    @Test func serviceCardFitsNTAG213UnsignedAndNeedsNTAG215Signed() async throws {
        let card = IntentDraft.serviceCard(business: "RESIDENCE_PERMIT", window: 12)
        let unsigned = try Fixtures.message(card.unsignedPayload()).encoded()
        #expect(unsigned.count + 3 <= 144)
        let signed = try Fixtures.message(try await card.signedPayload(with: try Fixtures.testKey())).encoded()
        #expect(signed.count + 3 > 144)
        #expect(signed.count + 3 <= 496)
    }

    @Test func signedPhoneIntentIsAcceptedAndRecordsAroundItAreIgnored() async throws {
        var data = Fixtures.requiredData(for: "ID_RENEW")
        data["id"] = "11010519491231002x"
        data["delivery_addr"] = "重庆市涪陵区李渡街道2号"
        var draft = Fixtures.phoneDraft("ID_RENEW", data: data)
        draft.priority = .elderly
        draft.window = 5
        let payload = try await draft.signedPayload(with: try Fixtures.testKey())
        let message = Fixtures.message(payload, uri: "https://example.gov.cn/hukou", aar: "cn.gov.example.hukou")
        let intent = try Fixtures.verifier().verify(message, now: now)
        #expect(intent.profile == .phone)
        #expect(intent.signature == .verified(keyID: "test-2026", alg: "EdDSA"))
        #expect(intent.applicant?.name == "张小明")
        #expect(intent.applicant?.idNumber == "11010519491231002X")
        #expect(intent.applicant?.addresses == ["delivery_addr": "重庆市涪陵区李渡街道2号"])
        #expect(intent.applicant?.extra == ["renew_reason": "expiring"])
        #expect(intent.priority == .elderly)
        #expect(intent.window == 5)
        #expect(intent.nonce == draft.nonce)
        #expect(intent.issuedAt == Fixtures.issuedAt)
        #expect(intent.canonicalPayload == payload)
        #expect(intent.displayFields()["id"] == "110***********002X")
        #expect(intent.displayFields()["name"] == "张*明")
        #expect(intent.displayFields(reveal: true)["id"] == "11010519491231002X")
        #expect(!"\(intent)".contains("11010519491231002X"))
    }

    @Test func unsignedPhoneIntentNeedsASignature() async throws {
        let message = Fixtures.message(Fixtures.phoneDraft("ID_FIRST").unsignedPayload())
        #expect(try await rejection(message) == [.signatureRequired])
        var policy = IntentPolicy.default
        policy.unsignedProfiles.insert(.phone)
        #expect(try await rejection(message, verifier: try Fixtures.verifier(policy: policy)) == [])
    }

    @Test func expiredAndNotYetValidIntentsAreRefused() async throws {
        let message = try await Fixtures.signedMessage(Fixtures.phoneDraft("ID_FIRST"))
        // exp = issuedAt + 120; skew 60.
        #expect(try await rejection(message, at: Fixtures.issuedAt.addingTimeInterval(180)) == [])
        #expect(try await rejection(message, at: Fixtures.issuedAt.addingTimeInterval(181)) == [.expired])
        #expect(try await rejection(message, at: Fixtures.issuedAt.addingTimeInterval(-60)) == [])
        #expect(try await rejection(message, at: Fixtures.issuedAt.addingTimeInterval(-61)) == [.notYetValid])
        var notBefore = Fixtures.phoneDraft("ID_FIRST")
        notBefore.notBefore = now.addingTimeInterval(300)
        #expect(try await rejection(try await Fixtures.signedMessage(notBefore)) == [.notYetValid])
        var long = Fixtures.phoneDraft("ID_FIRST")
        long.expiresAt = Fixtures.issuedAt.addingTimeInterval(3600)
        #expect(try await rejection(try await Fixtures.signedMessage(long)) == [.lifetimeTooLong])
        // An expiry beyond Int64 seconds is clamped when the draft is encoded (no trap), and still refused.
        var huge = Fixtures.phoneDraft("ID_FIRST")
        huge.expiresAt = Fixtures.issuedAt.addingTimeInterval(1e300)
        #expect(try await rejection(try await Fixtures.signedMessage(huge)) == [.lifetimeTooLong])
    }

    @Test func verificationIsPureAndRepeatable() async throws {
        // Replay protection is the store's (the nonce is claimed in the tap's own commit): verifying the same
        // intent twice gives the same result, and nothing is remembered between calls.
        let verifier = try Fixtures.verifier()
        let message = try await Fixtures.signedMessage(
            Fixtures.phoneDraft("ID_TEMP", data: ["name": "张小明", "id": "110101199003070011", "receipt_no": "R1"])
        )
        let first = try verifier.verify(message, now: now)
        let second = try verifier.verify(message, now: now)
        #expect(first.nonce == second.nonce)
        #expect(first.canonicalPayload == second.canonicalPayload)
        #expect(try await rejection(message, verifier: verifier, at: now.addingTimeInterval(600)) == [.expired])
    }

    @Test func unknownKeyWrongAlgorithmAndForeignProfileAreRefused() async throws {
        let stranger = try IntentSigningKey.generate(keyID: "stranger")
        let foreign = Fixtures.message(try await Fixtures.phoneDraft("ID_FIRST").signedPayload(with: stranger))
        #expect(try await rejection(foreign) == [.unknownKey])

        // A key that is trusted under the same kid but for cards only.
        let x = try Fixtures.testKey().publicJWK["x"] ?? ""
        let cardOnly = try TrustedKeySet(
            jwks: Data(
                #"""
                {"keys":[{"kty":"OKP","crv":"Ed25519","alg":"EdDSA","kid":"test-2026","x":"\#(x)","profiles":["serviceCard"]}]}
                """#.utf8
            )
        )
        let verifier = IntentVerifier(
            catalog: .default,
            trustedKeys: cardOnly,
            policy: .default
        )
        let phone = try await Fixtures.signedMessage(Fixtures.phoneDraft("ID_FIRST"))
        #expect(try await rejection(phone, verifier: verifier) == [.keyNotAllowed])
        let card = try await Fixtures.signedMessage(.serviceCard(business: "ID_FIRST"))
        #expect(try await rejection(card, verifier: verifier) == [])

        // The header claims ES256 for an EdDSA key.
        let token = String(
            decoding: try await Fixtures.phoneDraft("ID_FIRST").signedPayload(with: try Fixtures.testKey()),
            as: UTF8.self
        )
        let parts = token.split(separator: ".")
        let header = base64url(Array(#"{"alg":"ES256","kid":"test-2026"}"#.utf8))
        let forged = Fixtures.message(Array("\(header).\(parts[1]).\(parts[2])".utf8))
        #expect(try await rejection(forged) == [.algorithmMismatch])
    }

    @Test func es256KeysVerify() async throws {
        let privateKey = P256.Signing.PrivateKey()
        let raw = privateKey.publicKey.x963Representation
        let x = base64url(Array(raw[1..<33]))
        let y = base64url(Array(raw[33..<65]))
        let keys = try TrustedKeySet(
            jwks: Data(
                #"""
                {"keys":[{"kty":"EC","crv":"P-256","alg":"ES256","kid":"app-es","x":"\#(x)","y":"\#(y)"}]}
                """#.utf8
            )
        )
        let header = base64url(Array(#"{"alg":"ES256","kid":"app-es","typ":"JWT"}"#.utf8))
        let claims = base64url(Fixtures.phoneDraft("ID_FIRST").unsignedPayload())
        let signingInput = Array("\(header).\(claims)".utf8)
        let signature = try privateKey.signature(for: signingInput).rawRepresentation
        let token = "\(header).\(claims).\(base64url(Array(signature)))"
        let verifier = IntentVerifier(
            catalog: .default,
            trustedKeys: keys,
            policy: .default
        )
        let intent = try verifier.verify(Fixtures.message(Array(token.utf8)), now: now)
        #expect(intent.signature == .verified(keyID: "app-es", alg: "ES256"))
        let tampered = token.replacingOccurrences(
            of: claims,
            with: base64url(Fixtures.phoneDraft("ID_TEMP").unsignedPayload())
        )
        #expect(try await rejection(Fixtures.message(Array(tampered.utf8)), verifier: verifier) == [.badSignature])
    }

    @Test func envelopeProblemsAreNamed() async throws {
        let card = IntentDraft.serviceCard(business: "ID_RENEW").unsignedPayload()
        let uriOnly = NDEFMessage(
            NDEFRecord(typeNameFormat: .wellKnown, type: "U", payload: [0x04] + Array("a.cn".utf8))
        )
        #expect(try await rejection(uriOnly) == [.noIntentRecord])
        let twice = NDEFMessage(records: Fixtures.message(card).records + Fixtures.message(card).records)
        #expect(try await rejection(twice) == [.multipleIntentRecords])
        let upperCase = NDEFMessage(NDEFRecord(typeNameFormat: .external, type: "MPS.GOV.CN:HUKOU", payload: card))
        #expect(try await rejection(upperCase) == [.noIntentRecord])
        let big = Fixtures.message(
            Array(#"{"v":1,"svc":"ID_RENEW","x":""#.utf8) + [UInt8](repeating: 0x61, count: 5000)
        )
        #expect(try await rejection(big) == [.payloadTooLarge])
        #expect(try await rejection(Fixtures.message(Array(#"{"v":1,"svc":"#.utf8))) == [.malformedPayload])
        #expect(try await rejection(Fixtures.message(Array("not.a.jws!".utf8))) == [.malformedSignature])
        #expect(
            try await rejection(Fixtures.message(Array(#"{"v":2,"svc":"ID_RENEW"}"#.utf8))) == [.unsupportedVersion]
        )
        #expect(try await rejection(Fixtures.message(Array(#"{"v":1,"svc":"PASSPORT"}"#.utf8))) == [.unknownBusiness])
        #expect(
            try await rejection(Fixtures.message(Array(#"{"v":1,"svc":"ID_RENEW","win":0}"#.utf8))) == [.invalidWindow]
        )
        #expect(
            try await rejection(Fixtures.message(Array(#"{"v":1,"svc":"ID_RENEW","colour":"red","win":"3"}"#.utf8)))
                == [.invalidClaim, .invalidClaim]
        )
        let personal = Array(#"{"v":1,"svc":"ID_RENEW","data":{"name":"张三"}}"#.utf8)
        #expect(try await rejection(Fixtures.message(personal)) == [.personalDataOnCard])
    }

    @Test func fieldProblemsAreAllReportedWithBothLanguages() async throws {
        let draft = Fixtures.phoneDraft(
            "BIRTH_REG",
            data: [
                "name": "张 小明", "id": "110101199003070011", "child_name": "张小宝", "child_sex": "girl",
                "child_dob": "2026-03-05", "birth_cert_no": "Q1", "follow": "father", "rel": "98", "hobby": "chess",
            ]
        )
        let verifier = try Fixtures.verifier()
        let message = try await Fixtures.signedMessage(draft)
        do throws(IntentRejection) {
            _ = try verifier.verify(message, now: now)
            Issue.record("accepted")
        } catch {
            let found = Set(error.reasons.map { "\($0.field) \($0.code)" })
            #expect(
                found == [
                    "data.name nameWhitespace", "data.child_sex invalidValue", "data.child_dob futureDate",
                    "data.rel invalidRelationship", "data.hobby unknownField",
                ]
            )
            #expect(error.reasons.allSatisfy { !$0.zh.isEmpty && !$0.en.isEmpty })
        }
        let missing = Fixtures.phoneDraft("MOVE_OUT", data: ["name": "张小明", "id": "110101199003070011"])
        #expect(try await rejection(try await Fixtures.signedMessage(missing)) == [.missingField])
    }

    private func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/",
            with: "_"
        )
        .replacingOccurrences(of: "=", with: "")
    }
}
