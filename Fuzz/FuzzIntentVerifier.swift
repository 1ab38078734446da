// libFuzzer target for everything after the NDEF codec on the tap path: NDEF message → verified intent, with the
// documented TEST trusted key, the default catalog and policy, and a fixed clock. Compiled by scripts/fuzz.sh.
//
// The first input byte picks the framing, so the fuzzer reaches the JSON and JWS parsers without having to build
// an NDEF message first: 0 = the rest is an NDEF message; 1 = the rest is the intent record's payload;
// 2 = the rest is `header 0x00 claims` (or claims alone, under the TEST header), signed with the documented TEST
// key, so the claims parser behind the signature check is reached too.
// The entry point receives a C buffer; it is copied into an Array at once and no pointer goes further.
// A trap here is the finding: a crash, or an accepted intent that breaks its contract.

import Foundation
import HukouIntent
import NDEF

private let trustedKeys = try? TrustedKeySet(
    jwks: Data(
        #"{"keys":[{"kty":"OKP","crv":"Ed25519","alg":"EdDSA","kid":"test-2026","x":"V12k1qpAZ-X2tHw7P_CFdAgEZeWgEGr6gbu2VF0I7kA"}]}"#
            .utf8
    )
)
private let verifier = trustedKeys.map {
    IntentVerifier(catalog: .default, trustedKeys: $0, policy: .default)
}
private let signingKey = try? IntentSigningKey(jwk: Data(testPrivateJWK.utf8))
/// The documented TEST key of docs/intent-vectors/test-key.jwk (public on purpose; trusted by no real counter).
private let testPrivateJWK =
    #"{"alg":"EdDSA","crv":"Ed25519","d":"IUnALNoKlbJlf723-i1nSvU9VbqvZ4KdgjvUCpRgwS0","kid":"test-2026","kty":"OKP","use":"sig","x":"V12k1qpAZ-X2tHw7P_CFdAgEZeWgEGr6gbu2VF0I7kA"}"#
/// 2026-03-01 09:30:00 Beijing time, the vectors' clock.
private let now = Date(timeIntervalSince1970: 1_772_328_600)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIntentVerifier(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let verifier, let mode = input.first else { return 0 }
    let rest = Array(input.dropFirst())
    let message: NDEFMessage
    switch mode % 3 {
    case 0:
        guard let decoded = try? NDEFMessage(decoding: rest) else { return 0 }
        message = decoded
    case 1:
        message = IntentDraft.message(payload: rest)
    default:
        guard let signingKey else { return 0 }
        let split = rest.firstIndex(of: 0)
        let header = split.map { Array(rest[..<$0]) } ?? Array(#"{"alg":"EdDSA","kid":"test-2026"}"#.utf8)
        let claims = split.map { Array(rest[($0 + 1)...]) } ?? rest
        guard let jws = try? signingKey.signCompact(header: header, payload: claims) else { return 0 }
        message = IntentDraft.message(payload: jws)
    }
    do {
        let intent = try verifier.verify(message, now: now)
        // An accepted intent's display text reaches logs and the clerk's screen: no control characters.
        if intent.description.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            fatalError("an accepted intent describes itself with control characters")
        }
        if intent.profile == .phone, intent.nonce == nil { fatalError("a phone intent without a nonce") }
    } catch {
        for reason in error.reasons where reason.en.isEmpty || reason.zh.isEmpty || reason.field.isEmpty {
            fatalError("a rejection without field or message: \(reason.code)")
        }
    }
    return 0
}
