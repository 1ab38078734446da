import Foundation
import HukouText

extension IntentVerifier {
    /// Policy, version, business, window, times, nonce and data: all problems collected, then thrown together.
    func interpret(
        _ claims: IntentClaims,
        signature: SignatureStatus,
        key: TrustedKeySet.Key?,
        payload: [UInt8],
        now: Date
    ) throws(IntentRejection) -> VerifiedIntent {
        var issues: [FieldIssue] = []
        func issue(_ field: String, _ code: FieldIssue.Code, _ zh: String, _ en: String) {
            issues.append(FieldIssue(field: field, code: code, zh: zh, en: en))
        }
        let profile = claims.profile
        if let key {
            if !key.profiles.contains(profile) {
                issue("kid", .keyNotAllowed, "该密钥无权签发此类申请", "key \(key.keyID) may not sign \(profile.rawValue) intents")
            }
        } else if !policy.unsignedProfiles.contains(profile) {
            issue(
                "sig",
                .signatureRequired,
                profile == .phone ? "手机申请必须签名" : "服务卡必须签名",
                "\(profile.rawValue) intents must be signed at this counter"
            )
        }
        switch claims.version {
        case nil: issue("v", .invalidClaim, "缺少格式版本v", "the format version v is missing")
        case IntentFormat.version?: break
        case let other?:
            issue("v", .unsupportedVersion, "不支持的格式版本\(other)", "format version \(other) is not supported (expected 1)")
        }
        var entry: BusinessEntry?
        if let code = claims.business {
            entry = catalog.entry(for: code)
            if entry == nil {
                issue(
                    "svc",
                    .unknownBusiness,
                    "本窗口不办理业务“\(SafeText.quoted(code))”",
                    "unknown business \(SafeText.quoted(code))"
                )
            }
        } else {
            issue("svc", .invalidClaim, "缺少业务代码svc", "the business code svc is missing")
        }
        if let window = claims.window, !(1...999).contains(window) {
            issue("win", .invalidWindow, "窗口号应为1–999", "the window must be 1–999, not \(window)")
        }
        checkTimes(claims, now: now, issue: issue)
        if profile == .serviceCard {
            for (name, present) in [
                ("data", claims.data != nil), ("nonce", claims.nonce != nil), ("pri", claims.priority != nil),
            ] where present {
                issue(name, .personalDataOnCard, "服务卡不得携带个人信息或一次性字段", "a service card may not carry \(name)")
            }
        }
        if profile == .serviceCard, claims.receipt != nil {
            issue("rcpt", .invalidClaim, "只有手机申请可以索取回执", "only a phone intent may ask for a receipt (rcpt)")
        }
        if let nonce = claims.nonce, !Self.isValidNonce(nonce) {
            issue("nonce", .invalidNonce, "一次性随机数格式错误", "the nonce must be 16–64 base64url characters")
        }
        var priority: PriorityClass?
        if let raw = claims.priority {
            priority = PriorityClass(rawValue: raw)
            if priority == nil {
                issue("pri", .invalidValue, "优先类别无效", "pri must be none, elderly, disabled or military")
            }
        }
        var applicant: ApplicantData?
        var notes: [FieldIssue] = []
        if profile == .phone, let entry {
            let result = FieldValidator(entry: entry, now: now).validate(claims.data ?? [:])
            applicant = result.applicant
            notes = result.notes
            issues += result.issues
        }
        guard issues.isEmpty, let entry else { throw IntentRejection(reasons: issues) }
        return VerifiedIntent(
            profile: profile,
            business: entry,
            window: claims.window,
            applicant: applicant,
            signature: signature,
            issuedAt: claims.issuedAt.map { Date(timeIntervalSince1970: TimeInterval($0)) },
            expiresAt: claims.expiresAt.map { Date(timeIntervalSince1970: TimeInterval($0)) },
            nonce: claims.nonce,
            priority: priority,
            notes: notes,
            canonicalPayload: payload,
            wantsReceipt: claims.receipt == true
        )
    }

    private func checkTimes(
        _ claims: IntentClaims,
        now: Date,
        issue: (String, FieldIssue.Code, String, String) -> Void
    ) {
        let current = now.timeIntervalSince1970
        let skew = policy.clockSkew
        if claims.profile == .phone {
            for (name, value) in [("iat", claims.issuedAt), ("exp", claims.expiresAt)] where value == nil {
                issue(name, .invalidClaim, "手机申请缺少\(name)", "a phone intent needs \(name)")
            }
            if claims.nonce == nil {
                issue("nonce", .invalidNonce, "手机申请缺少一次性随机数", "a phone intent needs a nonce")
            }
        }
        if let exp = claims.expiresAt, TimeInterval(exp) + skew < current {
            issue("exp", .expired, "申请已过期，请在手机上重新生成", "the intent expired; generate a new one on the phone")
        }
        if let nbf = claims.notBefore, TimeInterval(nbf) - skew > current {
            issue("nbf", .notYetValid, "申请尚未生效，请检查手机时间", "the intent is not valid yet; check the phone's clock")
        }
        if let iat = claims.issuedAt, TimeInterval(iat) - skew > current {
            issue("iat", .notYetValid, "签发时间晚于当前时间，请检查手机时间", "issued in the future; check the phone's clock")
        }
        if let iat = claims.issuedAt, let exp = claims.expiresAt {
            if exp < iat {
                issue("exp", .invalidClaim, "过期时间早于签发时间", "exp is before iat")
            } else if TimeInterval(exp - iat) > policy.maximumLifetime {
                issue(
                    "exp",
                    .lifetimeTooLong,
                    "有效期过长",
                    "exp − iat is \(exp - iat) s; at most \(Int(policy.maximumLifetime)) s are accepted"
                )
            }
        }
    }

    static func isValidNonce(_ nonce: String) -> Bool {
        let bytes = nonce.utf8
        return (16...64).contains(bytes.count)
            && bytes.allSatisfy {
                FieldValidator.isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
            }
    }
}
