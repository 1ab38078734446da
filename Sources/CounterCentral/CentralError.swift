/// What went wrong between a station and the district's central store, with the sequence number concerned when
/// there is one.
public struct CentralError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable {
        /// The `--pg` / `url` connection string is malformed.
        case invalidURL
        /// A `[central]` setting or a secret file is wrong.
        case invalidConfiguration
        /// The server could not be reached or the connection broke.
        case connectionFailed
        /// The central schema is missing or older than this program needs (`hukou central migrate`).
        case notMigrated
        /// The station is not registered centrally.
        case unknownStation
        /// The batch's authentication code did not verify under the station's registered secret.
        case badCredential
        /// The batch does not continue the central copy (rows missing in between).
        case sequenceGap
        /// The station's log and the central copy disagree on a row already anchored (a rewritten, forked or
        /// truncated log).
        case forked
        /// The server refused the batch for another reason (a constraint, a malformed event).
        case rejected
        /// The server answered something this program does not understand.
        case corruptResponse
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, for an operator.
    public var message: String
    /// The audit row concerned, when known.
    public var seq: Int64?

    /// A failure of kind `code`.
    public init(_ code: Code, _ message: String, seq: Int64? = nil) {
        self.code = code
        self.message = message
        self.seq = seq
    }

    public var description: String { "central \(code.rawValue): \(message)" }

    /// Whether retrying the same batch later can succeed without anyone changing anything (a network or server
    /// outage), as opposed to a refusal that needs an operator (a credential, a forked log).
    public var isTransient: Bool {
        switch code {
        case .connectionFailed, .sequenceGap, .rejected, .corruptResponse: true
        case .invalidURL, .invalidConfiguration, .notMigrated, .unknownStation, .badCredential, .forked: false
        }
    }
}
