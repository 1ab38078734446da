public import Foundation
public import NDEF

/// Turns an NDEF message from a tap into a ``VerifiedIntent``, or an ``IntentRejection`` naming every problem.
///
/// The order is fixed so that nothing untrusted is interpreted early and nothing is consumed on failure: find the
/// one intent record → verify the JWS (trusted `kid`, its algorithm, the signature) → decode the claims strictly →
/// policy (may this profile be unsigned, may this key sign it) → version, business, window, times → every data
/// field → and only then, in ``check(_:now:)``, claim the nonce. A rejected intent never burns a nonce.
///
/// Keys are parsed and the catalog is indexed once, at initialisation; a check does no file or key parsing
/// (about 70 µs per phone tap, see docs/performance.md).
///
/// ```swift
/// let verifier = IntentVerifier(
///     catalog: try BusinessCatalog.load(overridesFrom: catalogURL),
///     trustedKeys: try TrustedKeySet.load(from: keysURL),
///     policy: .default,
///     nonces: store)                      // the counter store's persistent SeenNonceStore
/// do {
///     let intent = try await verifier.check(message, now: .now)
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
    /// Where used nonces are remembered.
    public let nonces: any SeenNonceStore
    private let recordType: [UInt8]

    /// Creates a verifier.
    public init(catalog: BusinessCatalog, trustedKeys: TrustedKeySet, policy: IntentPolicy, nonces: any SeenNonceStore)
    {
        self.catalog = catalog
        self.trustedKeys = trustedKeys
        self.policy = policy
        self.nonces = nonces
        self.recordType = Array(policy.recordType.utf8)
    }

    /// Finds the intent record in the message (ignoring AAR/URI/other records), decodes, validates, verifies, claims
    /// the nonce.
    ///
    /// - Throws: ``IntentRejection``; when thrown, no nonce was claimed.
    public func check(_ message: NDEFMessage, now: Date) async throws(IntentRejection) -> VerifiedIntent {
        let intent = try evaluate(message, now: now)
        guard let nonce = intent.nonce else { return intent }
        let keyID: String =
            switch intent.signature {
            case .verified(let keyID, _): keyID
            case .unsigned: "-"
            }
        let expiry = (intent.expiresAt ?? now).addingTimeInterval(policy.clockSkew)
        let isNew: Bool
        do {
            isNew = try await nonces.claim(nonce: nonce, keyID: keyID, expiry: expiry, now: now)
        } catch {
            throw IntentRejection(
                field: "nonce",
                code: .nonceStoreUnavailable,
                zh: "防重放记录不可用，请稍后重试",
                en: "the seen-nonce store failed (\(type(of: error))); try again"
            )
        }
        guard isNew else {
            throw IntentRejection(
                field: "nonce",
                code: .replayed,
                zh: "该申请已提交过（重复碰卡或重放）",
                en: "this intent was already submitted (a repeated tap or a replay)"
            )
        }
        return intent
    }

    /// Same without claiming the nonce (for `intent check` previews and idempotency look-ups).
    ///
    /// - Throws: ``IntentRejection``.
    public func inspect(_ message: NDEFMessage, now: Date) async throws(IntentRejection) -> VerifiedIntent {
        try evaluate(message, now: now)
    }

    /// Everything but the nonce claim; synchronous and side-effect free.
    public func evaluate(_ message: NDEFMessage, now: Date) throws(IntentRejection) -> VerifiedIntent {
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
                    en: "the signing key \"\(Quoted.ascii(jws.keyID, limit: 64))\" is not in the trusted-key set"
                )
            }
            guard jws.algorithm == key.algorithm.rawValue else {
                throw IntentRejection(
                    field: "alg",
                    code: .algorithmMismatch,
                    zh: "签名算法与受信密钥不符",
                    en:
                        "alg \"\(Quoted.ascii(jws.algorithm, limit: 16))\" does not match key \(key.keyID) (\(key.algorithm.rawValue))"
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
