import Foundation

/// The intent's JSON object (docs/intent-format.md §3), decoded strictly: unknown members and wrong types are
/// reported as ``FieldIssue``s rather than ignored.
package struct IntentClaims: Sendable, Hashable {
    var version: Int?
    var profile: IntentProfile = .serviceCard
    var business: String?
    var window: Int?
    var issuedAt: Int64?
    var notBefore: Int64?
    var expiresAt: Int64?
    var nonce: String?
    var priority: String?
    var data: [String: String]?
    var receipt: Bool?

    /// Every claim name this version defines.
    static let names: Set<String> = ["v", "p", "svc", "win", "iat", "nbf", "exp", "nonce", "pri", "data", "rcpt"]

    /// Decodes the JSON object, or throws every problem found.
    package static func decode(_ bytes: [UInt8]) throws(IntentRejection) -> IntentClaims {
        guard bytes.first == UInt8(ascii: "{") else {
            throw IntentRejection(
                field: "payload",
                code: .malformedPayload,
                zh: "意图内容不是JSON对象",
                en: "the intent is not a JSON object"
            )
        }
        if let duplicate = JSONMemberNames.firstDuplicate(in: bytes) {
            throw IntentRejection.duplicateMember(duplicate)
        }
        let decoded: Decoded
        do {
            decoded = try JSONDecoder().decode(Decoded.self, from: Data(bytes))
        } catch {
            throw IntentRejection(
                field: "payload",
                code: .malformedPayload,
                zh: "意图内容不是有效的JSON",
                en: "the intent is not valid JSON: \(Self.summary(of: error))"
            )
        }
        if !decoded.issues.isEmpty { throw IntentRejection(reasons: decoded.issues) }
        return decoded.claims
    }

    private static func summary(of error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): context.debugDescription
        default: "\(type(of: error))"
        }
    }

    private struct Decoded: Decodable {
        var claims = IntentClaims()
        var issues: [FieldIssue] = []

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyCodingKey.self)
            for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                // A claim name is the tag's choice: echoed only as printable ASCII (logs, screens, stderr).
                let name = FieldIssue.shownName(key.stringValue)
                func wrongType(_ expected: String) -> FieldIssue {
                    FieldIssue(
                        field: name,
                        code: .invalidClaim,
                        zh: "“\(name)”的类型应为\(expected)",
                        en: "\(name) must be \(expected)"
                    )
                }
                switch name {
                case "v":
                    if let v = try? container.decode(Int.self, forKey: key) {
                        claims.version = v
                    } else {
                        issues.append(wrongType("integer"))
                    }
                case "p":
                    switch try? container.decode(String.self, forKey: key) {
                    case "card": claims.profile = .serviceCard
                    case "phone": claims.profile = .phone
                    default: issues.append(wrongType("\"card\" or \"phone\""))
                    }
                case "svc":
                    if let value = try? container.decode(String.self, forKey: key) {
                        claims.business = value
                    } else {
                        issues.append(wrongType("string"))
                    }
                case "win":
                    if let value = try? container.decode(Int.self, forKey: key) {
                        claims.window = value
                    } else {
                        issues.append(wrongType("integer"))
                    }
                case "iat", "nbf", "exp":
                    guard let value = try? container.decode(Int64.self, forKey: key), value >= 0 else {
                        issues.append(wrongType("integer seconds since 1970"))
                        continue
                    }
                    if name == "iat" { claims.issuedAt = value }
                    if name == "nbf" { claims.notBefore = value }
                    if name == "exp" { claims.expiresAt = value }
                case "nonce":
                    if let value = try? container.decode(String.self, forKey: key) {
                        claims.nonce = value
                    } else {
                        issues.append(wrongType("string"))
                    }
                case "pri":
                    if let value = try? container.decode(String.self, forKey: key) {
                        claims.priority = value
                    } else {
                        issues.append(wrongType("string"))
                    }
                case "rcpt":
                    if let value = try? container.decode(Bool.self, forKey: key) {
                        claims.receipt = value
                    } else {
                        issues.append(wrongType("true or false"))
                    }
                case "data":
                    if let value = try? container.decode([String: String].self, forKey: key) {
                        claims.data = value
                    } else {
                        issues.append(wrongType("object of strings"))
                    }
                default:
                    issues.append(
                        FieldIssue(
                            field: name,
                            code: .invalidClaim,
                            zh: "未定义的字段“\(name)”",
                            en: "\(name) is not a claim of format version 1"
                        )
                    )
                }
            }
        }
    }
}
