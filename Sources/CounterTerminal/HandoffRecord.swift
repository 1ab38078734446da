public import CounterStore
public import Foundation
public import HukouIntent

/// The hand-off record: the application as the clerk enters it into the national population system, which the
/// counter cannot reach — versioned, documented in docs/handoff-format.md, written by `导出` and
/// `hukou application show|export`.
///
/// It holds the applicant's data in full: it is made only on an audited export and written only to standard output
/// or a private (0600) file.
public struct HandoffRecord: Sendable, Hashable, Codable {
    /// The format's name, always ``formatName``.
    public var format: String
    /// The format version, ``currentVersion``; a reader refuses versions it does not know.
    public var version: Int
    /// When the record was made.
    public var exportedAt: Date
    /// Who made it (the audit name, `姓名(警号)/login`).
    public var exportedBy: String
    /// The transaction.
    public var transaction: Transaction
    /// The business.
    public var business: Business
    /// `phone` or `card`.
    public var profile: String
    /// The signature check.
    public var signature: Signature
    /// The declared priority (`normal`, `elderly`, `disabled`, `military`); the clerk verifies it.
    public var priority: String
    /// The applicant's fields in catalog order; empty for a service card.
    public var fields: [Field]
    /// The materials checklist.
    public var materials: [Material]

    /// The value of ``format``.
    public static let formatName = "hukou-handoff"
    /// The version this build writes.
    public static let currentVersion = 1

    /// The transaction's identity and times.
    public struct Transaction: Sendable, Hashable, Codable {
        public var id: Int64
        public var ticket: String?
        public var ticketDay: String?
        public var window: Int
        public var state: String
        public var createdAt: Date
        public var confirmedAt: Date?
        public var serviceStartedAt: Date?
        public var finishedAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, ticket, window, state
            case ticketDay = "ticket_day"
            case createdAt = "created_at"
            case confirmedAt = "confirmed_at"
            case serviceStartedAt = "service_started_at"
            case finishedAt = "finished_at"
        }
    }

    /// The business code and names.
    public struct Business: Sendable, Hashable, Codable {
        public var code: String
        public var nameZH: String
        public var nameEN: String

        enum CodingKeys: String, CodingKey {
            case code
            case nameZH = "name_zh"
            case nameEN = "name_en"
        }
    }

    /// The signature check: `verified` with the key id, or `unsigned`.
    public struct Signature: Sendable, Hashable, Codable {
        public var status: String
        public var keyID: String?

        enum CodingKeys: String, CodingKey {
            case status
            case keyID = "key_id"
        }
    }

    /// One field as the citizen entered it.
    public struct Field: Sendable, Hashable, Codable {
        /// The catalog key (`name`, `id`, `delivery_addr`, …).
        public var key: String
        /// The catalog's field kind (`personName`, `idNumber`, `address`, …), or `nil` for a key it does not know.
        public var kind: String?
        public var labelZH: String?
        public var labelEN: String?
        /// The value, whole, as validated at the tap.
        public var value: String
        /// For an ID number that validates: what it says.
        public var idFacts: IDNumberFacts?

        enum CodingKeys: String, CodingKey {
            case key, kind, value
            case labelZH = "label_zh"
            case labelEN = "label_en"
            case idFacts = "id_facts"
        }
    }

    /// One material and whether the clerk ticked it off.
    public struct Material: Sendable, Hashable, Codable {
        /// From 1, as the checklist numbers it.
        public var number: Int
        public var nameZH: String
        public var nameEN: String?
        public var checked: Bool

        enum CodingKeys: String, CodingKey {
            case number, checked
            case nameZH = "name_zh"
            case nameEN = "name_en"
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, version, transaction, business, profile, signature, priority, fields, materials
        case exportedAt = "exported_at"
        case exportedBy = "exported_by"
    }

    /// Builds the record of `transaction` with its (revealed) applicant data.
    public init(
        _ transaction: CounterTransaction,
        applicant: ApplicantRecord?,
        business: BusinessEntry?,
        checked: Set<Int>,
        exportedAt: Date,
        exportedBy: String
    ) {
        format = Self.formatName
        version = Self.currentVersion
        self.exportedAt = exportedAt
        self.exportedBy = exportedBy
        self.transaction = Transaction(
            id: transaction.id.rawValue,
            ticket: transaction.ticket,
            ticketDay: transaction.ticketDay,
            window: transaction.window,
            state: transaction.state.rawValue,
            createdAt: transaction.createdAt,
            confirmedAt: transaction.confirmedAt,
            serviceStartedAt: transaction.serviceStartedAt,
            finishedAt: transaction.finishedAt
        )
        self.business = Business(
            code: transaction.businessCode,
            nameZH: transaction.businessNameZH,
            nameEN: transaction.businessNameEN
        )
        profile = transaction.profile
        let status = transaction.signatureStatus
        signature =
            status.hasPrefix("verified")
            ? Signature(
                status: "verified",
                keyID: status.split(separator: ":", maxSplits: 1).dropFirst().first.map(String.init)
            )
            : Signature(status: status, keyID: nil)
        priority = transaction.priority.rawValue
        fields = (applicant.map { CounterRenderer.orderedFields($0, business: business) } ?? []).map { key, value in
            let spec = business?.fields[key]
            let isID = spec?.kind == .idNumber || (spec == nil && key == "id")
            return Field(
                key: key,
                kind: spec?.kind.rawValue,
                labelZH: spec?.label.zh,
                labelEN: spec?.label.en,
                value: value,
                idFacts: isID ? IDNumberFacts(value, now: exportedAt) : nil
            )
        }
        materials = transaction.materials.enumerated().map { index, name in
            Material(
                number: index + 1,
                nameZH: name,
                nameEN: business?.materials.first(where: { $0.zh == name })?.en,
                checked: checked.contains(index + 1)
            )
        }
    }

    /// The record as JSON (UTF-8, keys sorted, times ISO 8601 UTC, pretty-printed), ending in a newline.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Reads a record, refusing another format or a version this build does not know.
    ///
    /// - Throws: `DecodingError`.
    public static func decode(_ data: Data) throws -> HandoffRecord {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let record = try decoder.decode(HandoffRecord.self, from: data)
        guard record.format == formatName, record.version == currentVersion else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "not a \(formatName) v\(currentVersion) record")
            )
        }
        return record
    }
}
