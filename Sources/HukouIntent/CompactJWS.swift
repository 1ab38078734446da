import Foundation

/// A JWS compact serialization (RFC 7515 §7.1) parsed strictly, before any signature check.
///
/// Accepted protected-header members: `alg` and `kid` (both required) and `typ`. Anything else, `crit` included,
/// is refused, as is non-canonical base64url.
package struct CompactJWS {
    package let algorithm: String
    package let keyID: String
    /// `BASE64URL(header) '.' BASE64URL(payload)` as received.
    package let signingInput: ArraySlice<UInt8>
    package let payload: [UInt8]
    package let signature: [UInt8]

    private struct Header: Decodable {
        var alg: String
        var kid: String
        var typ: String?

        private enum CodingKeys: String, CodingKey, CaseIterable { case alg, kid, typ }

        init(from decoder: any Decoder) throws {
            let any = try decoder.container(keyedBy: AnyCodingKey.self)
            for key in any.allKeys where CodingKeys(rawValue: key.stringValue) == nil {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: [key], debugDescription: "header member \(key.stringValue) is not supported")
                )
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            alg = try container.decode(String.self, forKey: .alg)
            kid = try container.decode(String.self, forKey: .kid)
            typ = try container.decodeIfPresent(String.self, forKey: .typ)
        }
    }

    package init(_ bytes: [UInt8]) throws(IntentRejection) {
        func malformed(_ en: String) -> IntentRejection {
            IntentRejection(field: "sig", code: .malformedSignature, zh: "签名格式错误（JWS）", en: en)
        }
        guard let firstDot = bytes.firstIndex(of: UInt8(ascii: ".")),
            let secondDot = bytes[(firstDot + 1)...].firstIndex(of: UInt8(ascii: ".")),
            !bytes[(secondDot + 1)...].contains(UInt8(ascii: "."))
        else { throw malformed("not a JWS compact serialization (three base64url parts separated by dots)") }
        guard let headerBytes = Base64URL.decode(bytes[..<firstDot]),
            let payload = Base64URL.decode(bytes[(firstDot + 1)..<secondDot]),
            let signature = Base64URL.decode(bytes[(secondDot + 1)...]),
            !headerBytes.isEmpty, !payload.isEmpty, !signature.isEmpty
        else { throw malformed("a JWS part is empty or not canonical unpadded base64url") }
        if let duplicate = JSONMemberNames.firstDuplicate(in: headerBytes) {
            throw IntentRejection.duplicateMember(duplicate, in: "header")
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(headerBytes))
        } catch {
            throw malformed("the JWS header is not {\"alg\", \"kid\"[, \"typ\"]}: \(error)")
        }
        self.algorithm = header.alg
        self.keyID = header.kid
        self.signingInput = bytes[..<secondDot]
        self.payload = payload
        self.signature = signature
    }
}
