public import Foundation
import JWTKit
public import NDEF

/// The receipt a counter writes back into the phone that was tapped (docs/intent-format.md §12): what became of the
/// request, signed by the station's key and bound to the intent by its nonce. It carries no personal data.
///
/// The JSON members are `v`, `stn`, `iat`, `nonce`, `svc`, `name`, `win`, `state`, `tkt`, `pos`, `wait`, `mat`;
/// `tkt`, `pos` and `wait` are left out when not known (a pending request has no ticket yet).
public struct Receipt: Sendable, Hashable, Codable {
    /// The receipt format version: 1.
    public var version: Int
    /// The station's name, as configured (e.g. `重庆市涪陵区李渡派出所`).
    public var station: String
    /// When the receipt was made, seconds since 1970.
    public var issuedAt: Int64
    /// The nonce of the intent the receipt answers.
    public var nonce: String
    /// The business code.
    public var business: String
    /// The business name in Chinese and English.
    public var businessName: LocalizedText
    /// The window that serves the request.
    public var window: Int
    /// The transaction's state as the counter store names it: `pending` (waiting for the clerk), `confirmed` (queued
    /// with a ticket), `called`, `serving`, `suspended`, `transferred`, `completed`, `rejected`, `cancelled`,
    /// `no_show`.
    public var state: String
    /// The ticket number once the clerk confirmed the request; nil while pending.
    public var ticket: String?
    /// The place in line: among the pending requests of the window while pending, in the window's queue once queued.
    public var position: Int?
    /// The estimated wait in seconds, when the station estimates one.
    public var estimatedWait: Int?
    /// What to bring.
    public var materials: [LocalizedText]

    /// The external record type that holds a receipt.
    public static let recordType = "mps.gov.cn:hukou-receipt"
    /// The only receipt format version.
    public static let formatVersion = 1
    /// The largest receipt record payload a verifier accepts.
    public static let maximumPayloadSize = 4096

    /// Creates a receipt.
    public init(
        station: String,
        issuedAt: Int64,
        nonce: String,
        business: String,
        businessName: LocalizedText,
        window: Int,
        state: String,
        ticket: String? = nil,
        position: Int? = nil,
        estimatedWait: Int? = nil,
        materials: [LocalizedText] = []
    ) {
        self.version = Self.formatVersion
        self.station = station
        self.issuedAt = issuedAt
        self.nonce = nonce
        self.business = business
        self.businessName = businessName
        self.window = window
        self.state = state
        self.ticket = ticket
        self.position = position
        self.estimatedWait = estimatedWait
        self.materials = materials
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case version = "v"
        case station = "stn"
        case issuedAt = "iat"
        case nonce
        case business = "svc"
        case businessName = "name"
        case window = "win"
        case state
        case ticket = "tkt"
        case position = "pos"
        case estimatedWait = "wait"
        case materials = "mat"
    }

    /// The receipt signed with the station's key, as a JWS compact serialization.
    ///
    /// - Throws: errors of jwt-kit's signer.
    public func signed(with key: IntentSigningKey) async throws -> [UInt8] {
        try await key.sign(Claims(receipt: self))
    }

    /// The NDEF message written to the phone: one external record `mps.gov.cn:hukou-receipt` holding the JWS.
    ///
    /// - Throws: errors of jwt-kit's signer or of NDEF encoding.
    public func message(signedWith key: IntentSigningKey) async throws -> [UInt8] {
        let jws = try await signed(with: key)
        return try NDEFMessage(records: [NDEFRecord(typeNameFormat: .external, type: Self.recordType, payload: jws)])
            .encoded()
    }

    /// The receipt in the shape jwt-kit signs; claims are checked by ``ReceiptVerifier``, not by jwt-kit.
    private struct Claims: JWTPayload {
        var receipt: Receipt

        init(receipt: Receipt) {
            self.receipt = receipt
        }

        init(from decoder: any Decoder) throws {
            receipt = try Receipt(from: decoder)
        }

        func encode(to encoder: any Encoder) throws {
            try receipt.encode(to: encoder)
        }

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }
}
