public import Foundation
import HukouText
public import NDEF

/// Turns an NDEF message from a tap into a ``VerifiedIntent``, or an ``IntentRejection`` naming every problem.
///
/// The order is fixed so that nothing untrusted is interpreted early: find the one intent record → verify the JWS
/// (trusted `kid`, its algorithm, the signature) → decode the claims strictly → policy (may this profile be
/// unsigned, may this key sign it) → version, business, window, times → every data field.
///
/// Verification is pure: it reads no file, keeps no state and remembers no nonce. Replay protection belongs to
/// the counter store, which keys a signed intent on its nonce inside the very commit that stores the tap, so a
/// crash can never leave a nonce used without its transaction (docs/store.md, "Idempotency").
///
/// Keys are parsed and the catalog is indexed once, at initialisation (about 70 µs per phone tap, see
/// docs/performance.md).
///
/// ```swift
/// let verifier = IntentVerifier(
///     catalog: try BusinessCatalog.load(overridesFrom: catalogURL),
///     trustedKeys: try TrustedKeySet.load(from: keysURL),
///     policy: .default)
/// do {
///     let intent = try verifier.verify(message, now: .now)
///     logger.info("tap: \(intent)")      // masked
/// } catch {
///     for reason in error.reasons { print(reason.field, reason.code, reason.zh) }
/// }
/// ```
public struct IntentVerifier: Sendable {
    /// The businesses accepted.
    public let catalog: BusinessCatalog
    /// The keys trusted to sign intents.
    public let trustedKeys: TrustedKeySet
    /// What is accepted unsigned, and time tolerances.
    public let policy: IntentPolicy
    private let recordType: [UInt8]

    /// Creates a verifier.
    public init(catalog: BusinessCatalog, trustedKeys: TrustedKeySet, policy: IntentPolicy) {
        self.catalog = catalog
        self.trustedKeys = trustedKeys
        self.policy = policy
        self.recordType = Array(policy.recordType.utf8)
    }

    /// Verifies the intent record of `message` at the instant `now`; synchronous and free of side effects.
    ///
    /// - Throws: ``IntentRejection``.
    public func verify(_ message: NDEFMessage, now: Date) throws(IntentRejection) -> VerifiedIntent {
        let payload = try intentPayload(in: message)
        var signature = SignatureStatus.unsigned
        var signingKey: TrustedKeySet.Key?
        let claimBytes: [UInt8]
        if payload.first == UInt8(ascii: "{") {
            claimBytes = payload
        } else {
            let jws = try CompactJWS(payload)
            guard let key = trustedKeys.key(for: jws.keyID) else {
                throw IntentRejection(
                    field: "kid",
                    code: .unknownKey,
                    zh: "签名密钥不受信任",
                    en: "the signing key \"\(SafeText.quoted(jws.keyID, limit: 64))\" is not in the trusted-key set"
                )
            }
            guard jws.algorithm == key.algorithm.rawValue else {
                throw IntentRejection(
                    field: "alg",
                    code: .algorithmMismatch,
                    zh: "签名算法与受信密钥不符",
                    en:
                        "alg \"\(SafeText.quoted(jws.algorithm, limit: 16))\" does not match key \(key.keyID) (\(key.algorithm.rawValue))"
                )
            }
            guard key.isValidSignature(jws.signature, for: jws.signingInput) else {
                throw IntentRejection(
                    field: "sig",
                    code: .badSignature,
                    zh: "签名校验失败，内容可能被篡改",
                    en: "the signature does not verify: the intent was altered or signed by another key"
                )
            }
            claimBytes = jws.payload
            signature = .verified(keyID: key.keyID, alg: key.algorithm.rawValue)
            signingKey = key
        }
        let claims = try IntentClaims.decode(claimBytes)
        return try interpret(claims, signature: signature, key: signingKey, payload: payload, now: now)
    }

    /// The payload of the single intent record.
    private func intentPayload(in message: NDEFMessage) throws(IntentRejection) -> [UInt8] {
        var found: [UInt8]?
        for record in message.records where record.typeNameFormat == .external && record.type == recordType {
            guard found == nil else {
                throw IntentRejection(
                    field: "record",
                    code: .multipleIntentRecords,
                    zh: "标签中有多条申请记录",
                    en: "the message holds more than one \(policy.recordType) record"
                )
            }
            found = record.payload
        }
        guard let payload = found else {
            throw IntentRejection(
                field: "record",
                code: .noIntentRecord,
                zh: "标签中没有户政申请记录",
                en: "the message holds no \(policy.recordType) record"
            )
        }
        guard payload.count <= policy.maximumPayloadSize else {
            throw IntentRejection(
                field: "payload",
                code: .payloadTooLarge,
                zh: "申请内容过大",
                en: "the intent is \(payload.count) bytes; at most \(policy.maximumPayloadSize) are accepted"
            )
        }
        guard !payload.isEmpty else {
            throw IntentRejection(field: "payload", code: .malformedPayload, zh: "申请内容为空", en: "the intent is empty")
        }
        return payload
    }
}
