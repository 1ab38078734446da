public import Foundation
import HukouText
public import NDEF

/// An intent to be written: what `hukou intent make`, test fixtures and reference apps produce.
public struct IntentDraft: Sendable, Hashable {
    /// Service card or phone.
    public var profile: IntentProfile
    /// The business code.
    public var business: String
    /// The window, if the card or phone names one.
    public var window: Int?
    /// Phone prefill data by catalog key.
    public var data: [String: String]
    /// `iat`.
    public var issuedAt: Date?
    /// `nbf`.
    public var notBefore: Date?
    /// `exp`.
    public var expiresAt: Date?
    /// The single-use nonce (phones).
    public var nonce: String?
    /// A declared priority.
    public var priority: PriorityClass?
    /// Whether the phone asks for a receipt (`rcpt`, phones only).
    public var wantsReceipt: Bool

    /// Creates a draft from its parts.
    public init(
        profile: IntentProfile,
        business: String,
        window: Int? = nil,
        data: [String: String] = [:],
        issuedAt: Date? = nil,
        notBefore: Date? = nil,
        expiresAt: Date? = nil,
        nonce: String? = nil,
        priority: PriorityClass? = nil,
        wantsReceipt: Bool = false
    ) {
        self.wantsReceipt = wantsReceipt
        self.profile = profile
        self.business = business
        self.window = window
        self.data = data
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.expiresAt = expiresAt
        self.nonce = nonce
        self.priority = priority
    }

    /// A service card: business and optional window, nothing else.
    public static func serviceCard(business: String, window: Int? = nil) -> IntentDraft {
        IntentDraft(profile: .serviceCard, business: business, window: window)
    }

    /// A phone intent issued at `issuedAt`, valid for `lifetime` seconds, with a fresh random nonce.
    public static func phone(
        business: String,
        data: [String: String],
        issuedAt: Date,
        lifetime: TimeInterval = 120,
        window: Int? = nil,
        priority: PriorityClass? = nil
    ) -> IntentDraft {
        IntentDraft(
            profile: .phone,
            business: business,
            window: window,
            data: data,
            issuedAt: issuedAt,
            expiresAt: issuedAt.addingTimeInterval(lifetime),
            nonce: randomNonce(),
            priority: priority
        )
    }

    /// 16 random bytes as 22 base64url characters.
    public static func randomNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    var wireClaims: WireClaims {
        // Int64(_:) traps on a Date beyond ±2^63 s (a caller's huge lifetime); clamp instead, the verifier rejects it.
        func seconds(_ date: Date?) -> Int64? {
            date.map { date in
                let value = date.timeIntervalSince1970.rounded(.down)
                return Int64(exactly: value) ?? (value < 0 ? .min : .max)
            }
        }
        return WireClaims(
            v: IntentFormat.version,
            p: profile == .phone ? profile.wireName : nil,
            svc: business,
            win: window,
            iat: seconds(issuedAt),
            nbf: seconds(notBefore),
            exp: seconds(expiresAt),
            nonce: nonce,
            pri: priority?.rawValue,
            data: data.isEmpty ? nil : data,
            rcpt: wantsReceipt ? true : nil
        )
    }

    /// The unsigned payload: compact JSON with members in the documented order
    /// (`v`, `p`, `svc`, `win`, `iat`, `nbf`, `exp`, `nonce`, `pri`, `data` with sorted keys, `rcpt`).
    public func unsignedPayload() -> [UInt8] {
        let claims = wireClaims
        var members: [String] = ["\"v\":\(claims.v)"]
        if let p = claims.p { members.append("\"p\":\(JSONString.quoted(p))") }
        members.append("\"svc\":\(JSONString.quoted(claims.svc))")
        if let win = claims.win { members.append("\"win\":\(win)") }
        if let iat = claims.iat { members.append("\"iat\":\(iat)") }
        if let nbf = claims.nbf { members.append("\"nbf\":\(nbf)") }
        if let exp = claims.exp { members.append("\"exp\":\(exp)") }
        if let nonce = claims.nonce { members.append("\"nonce\":\(JSONString.quoted(nonce))") }
        if let pri = claims.pri { members.append("\"pri\":\(JSONString.quoted(pri))") }
        if let data = claims.data {
            let inner = data.sorted { $0.key < $1.key }.map {
                "\(JSONString.quoted($0.key)):\(JSONString.quoted($0.value))"
            }
            members.append("\"data\":{" + inner.joined(separator: ",") + "}")
        }
        if claims.rcpt == true { members.append("\"rcpt\":true") }
        return Array(("{" + members.joined(separator: ",") + "}").utf8)
    }

    /// The payload signed as a JWS compact serialization with `key`.
    ///
    /// - Throws: errors of jwt-kit's signer.
    public func signedPayload(with key: IntentSigningKey) async throws -> [UInt8] {
        try await key.sign(wireClaims)
    }

    /// The NDEF message: an optional URI record (for phones without the app), the intent record, and an optional
    /// Android Application Record. Counters ignore every record but the intent.
    public static func message(
        payload: [UInt8],
        recordType: String = IntentFormat.defaultRecordType,
        uri: String? = nil,
        androidPackage: String? = nil
    ) -> NDEFMessage {
        var records: [NDEFRecord] = []
        if let uri {
            records.append(NDEFRecord(typeNameFormat: .wellKnown, type: "U", payload: [0x00] + Array(uri.utf8)))
        }
        records.append(NDEFRecord(typeNameFormat: .external, type: recordType, payload: payload))
        if let androidPackage {
            records.append(
                NDEFRecord(typeNameFormat: .external, type: "android.com:pkg", payload: Array(androidPackage.utf8))
            )
        }
        return NDEFMessage(records: records)
    }
}
