import Foundation
import HukouIntent
import NDEF
import Testing

/// Truncated, corrupted and hostile input: always a clean rejection, never a crash, never an acceptance of changed
/// signed content.
@Suite struct MalformedInputTests {
    @Test func everyTruncationOfASignedMessageIsRejected() async throws {
        let bytes = try (try await Fixtures.signedMessage(Fixtures.phoneDraft("ID_RENEW"))).encoded()
        let verifier = try Fixtures.verifier()
        for length in 0..<bytes.count {
            guard let message = try? NDEFMessage(decoding: Array(bytes.prefix(length))) else { continue }
            #expect((try? verifier.verify(message, now: Fixtures.now)) == nil, "prefix \(length) accepted")
        }
    }

    @Test func randomCorruptionNeverCrashesAndNeverAcceptsChangedClaims() async throws {
        let original = try await Fixtures.phoneDraft("ID_RENEW").signedPayload(with: try Fixtures.testKey())
        let verifier = try Fixtures.verifier()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            var payload = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<payload.count, using: &generator)
                payload[index] = UInt8.random(in: 0...255, using: &generator)
            }
            let accepted = try? verifier.verify(Fixtures.message(payload), now: Fixtures.now)
            if accepted != nil { #expect(payload == original) }
        }
    }

    @Test func hostileEchoesAreSanitised() async throws {
        let payload = Array("{\"v\":1,\"svc\":\"X\\u001b[2J\\n\(String(repeating: "A", count: 100))\"}".utf8)
        let verifier = try Fixtures.verifier()
        do throws(IntentRejection) {
            _ = try verifier.verify(Fixtures.message(payload), now: Fixtures.now)
            Issue.record("accepted")
        } catch {
            let reason = try #require(error.reasons.first)
            #expect(reason.code == .unknownBusiness)
            #expect(reason.en.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) || $0 == "…" })
            #expect(reason.en.count < 80)
        }
    }

    @Test func duplicateMembersAreRefusedWithAVisibleField() throws {
        let verifier = try Fixtures.verifier()
        let cases: [(String, String)] = [
            (#"{"v":1,"":1,"":2}"#, #""""#), (#"{"v":1,"svc":"ID_RENEW","data":{"a":"1","\u0061":"2"}}"#, "data.a"),
            (#"{"v":1,"svc":"ID_RENEW","v":1}"#, "v"),
        ]
        for (json, field) in cases {
            do throws(IntentRejection) {
                _ = try verifier.verify(Fixtures.message(Array(json.utf8)), now: Fixtures.now)
                Issue.record("accepted \(json)")
            } catch {
                #expect(error.reasons.map(\.code) == [.duplicateMember], "\(json)")
                #expect(error.reasons.first?.field == field)
            }
        }
    }

    @Test func unknownClaimNamesAndDataKeysAreEchoedEscaped() throws {
        // An unsigned card whose unknown claim and data key carry ESC/OSC sequences and a forged log line.
        let forged = "x\\u001b]0;owned\\u0007\\n2026-03-01 tap stored transaction=1"
        let card = Array(#"{"v":1,"svc":"ID_RENEW","\#(forged)":1}"#.utf8)
        let phoneData = Array(
            #"{"v":1,"p":"phone","svc":"ID_RENEW","iat":1772328590,"exp":1772328700,"nonce":"AAAAAAAAAAAAAAAAAAAAAA","data":{"\#(forged)":"1"}}"#
                .utf8
        )
        var policy = IntentPolicy.default
        policy.unsignedProfiles = [.serviceCard, .phone]
        let verifier = try Fixtures.verifier(policy: policy)
        let emptyName = Array(#"{"v":1,"svc":"ID_RENEW","":1}"#.utf8)
        // A JWS header with an unknown member: refused before the signature, with the parser's account of it.
        let header = Data(#"{"alg":"EdDSA","kid":"test-2026","x\u001b]0;owned\u0007\n":1}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let jws = Array((header + ".eyJ2IjoxfQ.AAAA").utf8)
        for payload in [card, phoneData, emptyName, jws] {
            do throws(IntentRejection) {
                _ = try verifier.verify(Fixtures.message(payload), now: Fixtures.now)
                Issue.record("accepted")
            } catch {
                for reason in error.reasons {
                    #expect(!reason.field.isEmpty)
                    for text in [reason.field, reason.en, reason.zh] {
                        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(text)")
                    }
                }
            }
        }
    }

    @Test func keyFilesAreStrict() throws {
        let bad: [(String, KeyFileError.Code)] = [
            (#"{"keys":[{"kty":"OKP","crv":"Ed25519","alg":"EdDSA","x":"AAAA"}]}"#, .invalidKeyID),
            (#"{"keys":[{"kty":"OKP","crv":"Ed25519","alg":"EdDSA","kid":"a","x":"AAAA"}]}"#, .invalidKeyMaterial),
            (#"{"keys":[{"kty":"RSA","alg":"RS256","kid":"a","n":"AQAB"}]}"#, .unsupportedKey),
            (#"{"keys":[{"kty":"OKP","crv":"Ed25519","alg":"none","kid":"a"}]}"#, .unsupportedKey),
            (
                #"{"keys":[{"kty":"OKP","crv":"Ed25519","alg":"EdDSA","kid":"a","x":"V12k1qpAZ-X2tHw7P_CFdAgEZeWgEGr6gbu2VF0I7kA","d":"AAAA"}]}"#,
                .malformed
            ),
            (
                #"{"keys":[{"kty":"OKP","crv":"Ed25519","alg":"EdDSA","kid":"a","x":"V12k1qpAZ-X2tHw7P_CFdAgEZeWgEGr6gbu2VF0I7kA"},{"kty":"OKP","crv":"Ed25519","alg":"EdDSA","kid":"a","x":"V12k1qpAZ-X2tHw7P_CFdAgEZeWgEGr6gbu2VF0I7kA"}]}"#,
                .invalidKeyID
            ),
            (#"["not a set"]"#, .malformed),
        ]
        for (json, code) in bad {
            #expect(throws: KeyFileError.self) { try TrustedKeySet(jwks: Data(json.utf8)) }
            do {
                _ = try TrustedKeySet(jwks: Data(json.utf8))
            } catch {
                #expect(error.code == code, "\(json)")
            }
        }
    }

    @Test func signingKeyFilesMustBePrivate() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID().uuidString).jwk")
        defer { try? FileManager.default.removeItem(at: url) }
        try IntentSigningKey.generate(keyID: "k1").write(to: url)
        #expect(try IntentSigningKey.load(from: url).keyID == "k1")
        #expect(throws: KeyFileError.self) { try IntentSigningKey.generate(keyID: "k2").write(to: url) }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        #expect {
            try IntentSigningKey.load(from: url)
        } throws: { error in
            (error as? KeyFileError)?.code == .insecurePermissions
        }
    }
}
