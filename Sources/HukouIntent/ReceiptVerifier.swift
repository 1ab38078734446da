import Foundation
import HukouText
public import NDEF

/// A receipt whose station signature verified.
public struct VerifiedReceipt: Sendable, Hashable {
    /// The signed claims.
    public var receipt: Receipt
    /// The station key that signed it.
    public var keyID: String
}

/// Checks a receipt read from a phone against the stations' published keys (`hukou receipt verify`, app developers).
public enum ReceiptVerifier {
    /// Verifies the receipt in an NDEF message.
    ///
    /// - Parameters:
    ///   - bytes: the NDEF message read from the phone's NDEF file.
    ///   - keys: the stations' public receipt keys (a JWK Set).
    ///   - nonce: the nonce of the intent the receipt must answer, when known.
    /// - Throws: ``ReceiptError``.
    public static func verify(message bytes: [UInt8], keys: TrustedKeySet, nonce: String? = nil) throws(ReceiptError)
        -> VerifiedReceipt
    {
        let message: NDEFMessage
        do {
            message = try NDEFMessage(decoding: bytes)
        } catch {
            throw ReceiptError(.invalidNDEF, "not an NDEF message: \(error)")
        }
        let records = message.records.filter {
            $0.typeNameFormat == .external && $0.type == Array(Receipt.recordType.utf8)
        }
        guard let record = records.first else {
            throw ReceiptError(.noReceiptRecord, "the message holds no \(Receipt.recordType) record")
        }
        guard records.count == 1 else {
            throw ReceiptError(.multipleReceiptRecords, "the message holds \(records.count) receipt records")
        }
        return try verify(jws: record.payload, keys: keys, nonce: nonce)
    }

    /// Verifies a receipt record's payload (the JWS compact serialization).
    ///
    /// - Throws: ``ReceiptError``.
    public static func verify(jws bytes: [UInt8], keys: TrustedKeySet, nonce: String? = nil) throws(ReceiptError)
        -> VerifiedReceipt
    {
        guard bytes.count <= Receipt.maximumPayloadSize else {
            throw ReceiptError(.malformedSignature, "the receipt record has \(bytes.count) bytes, above 4096")
        }
        let jws: CompactJWS
        do {
            jws = try CompactJWS(bytes)
        } catch {
            throw ReceiptError(.malformedSignature, error.reasons.map(\.en).joined(separator: "; "))
        }
        guard let key = keys.key(for: jws.keyID), key.algorithm.rawValue == jws.algorithm else {
            throw ReceiptError(.unknownKey, "no trusted \(jws.algorithm) key \(SafeText.quoted(jws.keyID))")
        }
        guard key.isValidSignature(jws.signature, for: jws.signingInput) else {
            throw ReceiptError(.badSignature, "the signature does not verify with key \(SafeText.quoted(jws.keyID))")
        }
        let receipt = try claims(jws.payload)
        if let nonce, receipt.nonce != nonce {
            throw ReceiptError(
                .nonceMismatch,
                "the receipt answers nonce \(SafeText.quoted(receipt.nonce)), not this intent"
            )
        }
        return VerifiedReceipt(receipt: receipt, keyID: jws.keyID)
    }

    /// The claims of a receipt record's JWS **without** checking its signature, for showing what was written (a
    /// trainer's virtual phone); nil when the JWS or its claims are malformed. Never trust a receipt read this way.
    public static func unverifiedClaims(jws bytes: [UInt8]) -> Receipt? {
        guard bytes.count <= Receipt.maximumPayloadSize, let jws = try? CompactJWS(bytes) else { return nil }
        return try? claims(jws.payload)
    }

    /// Decodes the signed claims strictly: only the members of version 1, with their types and ranges.
    static func claims(_ payload: [UInt8]) throws(ReceiptError) -> Receipt {
        let names = Set(Receipt.CodingKeys.allCases.map(\.rawValue))
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any] else {
            throw ReceiptError(.invalidClaims, "the receipt is not a JSON object")
        }
        if let unknown = object.keys.sorted().first(where: { !names.contains($0) }) {
            throw ReceiptError(.invalidClaims, "unknown member \(SafeText.quoted(unknown))")
        }
        let receipt: Receipt
        do {
            receipt = try JSONDecoder().decode(Receipt.self, from: Data(payload))
        } catch {
            throw ReceiptError(.invalidClaims, "a member is missing or has the wrong type")
        }
        guard receipt.version == Receipt.formatVersion else {
            throw ReceiptError(.invalidClaims, "receipt version \(receipt.version) is not 1")
        }
        guard (1...999).contains(receipt.window), receipt.issuedAt >= 0, IntentVerifier.isValidNonce(receipt.nonce),
            receipt.position.map({ $0 >= 1 }) ?? true, receipt.estimatedWait.map({ $0 >= 0 }) ?? true
        else {
            throw ReceiptError(.invalidClaims, "win, iat, nonce, pos or wait is out of range")
        }
        return receipt
    }
}
