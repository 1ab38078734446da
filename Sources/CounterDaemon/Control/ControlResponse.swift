public import Foundation

/// The daemon's answer to one ``ControlRequest``: a JSON object on one line.
///
/// ```json
/// {"ok":true,"outcome":"accepted","duplicate":false,"transaction":{"id":"7","state":"pending",...}}
/// {"ok":false,"outcome":"rejected","reasons":[{"field":"id_number","code":"checksum","zh":"…","en":"…"}]}
/// {"ok":false,"error":{"code":"unknownReader","message":"…"}}
/// {"ok":true,"status":{"readers":[…],"taps":{…}}}
/// ```
public struct ControlResponse: Sendable, Hashable, Codable {
    /// Whether the request succeeded (a rejected intent is not a success).
    public var ok: Bool
    /// For a tap: `accepted`, `duplicate` or `rejected`.
    public var outcome: TapOutcome.Kind?
    /// For an accepted or duplicate tap: whether the transaction existed before this tap.
    public var duplicate: Bool?
    /// For an accepted or duplicate tap: the stored transaction.
    public var transaction: TransactionSummary?
    /// For a rejected tap: why, field by field.
    public var reasons: [RejectionReason]?
    /// For a tap whose phone asked for a receipt: `delivered` or `failed`.
    public var receipt: ReceiptIssuer.Delivery?
    /// For a failed request: what went wrong.
    public var error: ErrorBody?
    /// For `status`: the daemon's state.
    public var status: DaemonStatus?
    /// For `recent`: the taps finished since the sequence number asked for, oldest first.
    public var recent: [RecentTap]?

    /// A failure as it travels on the wire.
    public struct ErrorBody: Sendable, Hashable, Codable {
        /// The ``ControlProtocolError/Code`` name.
        public var code: String
        /// A readable explanation.
        public var message: String
    }

    /// The answer to a tap that went through the pipeline.
    public init(_ outcome: TapOutcome) {
        ok = outcome.kind != .rejected
        self.outcome = outcome.kind
        duplicate = outcome.transaction.map { _ in outcome.kind == .duplicate }
        transaction = outcome.transaction
        reasons = outcome.kind == .rejected ? outcome.reasons : nil
        receipt = outcome.receipt
    }

    /// The answer to a request that failed.
    public init(_ error: ControlProtocolError) {
        ok = false
        self.error = ErrorBody(code: error.code.name, message: error.message)
    }

    /// The answer to `status`.
    public init(_ status: DaemonStatus) {
        ok = true
        self.status = status
    }

    /// The answer to `recent`.
    public init(_ recent: [RecentTap]) {
        ok = true
        self.recent = recent
    }

    /// The error carried by a failed response, if any.
    public var failure: ControlProtocolError? {
        error.map { ControlProtocolError(.init(wireName: $0.code), $0.message) }
    }

    /// The response as one JSON line, without the newline.
    public func encodedLine() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(self)) ?? Data(#"{"ok":false}"#.utf8)
    }

    /// Decodes one response line.
    ///
    /// - Throws: ``ControlProtocolError`` with code ``ControlProtocolError/Code/connectionFailed``.
    public init(line: Data) throws(ControlProtocolError) {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            self = try decoder.decode(ControlResponse.self, from: line)
        } catch {
            throw ControlProtocolError(.connectionFailed, "the daemon's answer is not a response: \(error)")
        }
    }
}
