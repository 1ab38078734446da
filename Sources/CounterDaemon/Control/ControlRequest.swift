public import Foundation
import HukouText

/// One request on the daemon's control socket: a JSON object on one line.
///
/// ```json
/// {"op":"tap","reader":"window1","ndef":"d1010f5402...","tag_type":2}
/// {"op":"status"}
/// {"op":"recent","after":41}
/// ```
public enum ControlRequest: Sendable, Hashable {
    /// Present `ndef` as a tag of `tagType` on the simulated reader `reader`, and answer with the pipeline's result.
    case tap(reader: String, ndef: [UInt8], tagType: SimulatedTagType)
    /// The daemon's readers and counters.
    case status
    /// The taps the pipeline finished after sequence number `after` (the clerk's terminal flags repeats with it).
    case recent(after: Int64)

    /// The longest request line accepted, in bytes (a full NTAG216 or a 16 KiB Type 4 NDEF file in hex fits).
    public static let maximumLineLength = 64 * 1024
    /// The largest NDEF message a control tap may carry.
    public static let maximumNDEFLength = 16 * 1024

    /// Decodes one request line.
    ///
    /// - Throws: ``ControlProtocolError`` with code ``ControlProtocolError/Code/malformedRequest``.
    public init(line: some DataProtocol) throws(ControlProtocolError) {
        guard line.count <= Self.maximumLineLength else {
            throw ControlProtocolError(.malformedRequest, "request longer than \(Self.maximumLineLength) bytes")
        }
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(line))
        } catch {
            throw ControlProtocolError(.malformedRequest, "not a JSON request object: \(error)")
        }
        switch wire.op {
        case "status":
            self = .status
        case "recent":
            guard let after = wire.after, after >= 0 else {
                throw ControlProtocolError(.malformedRequest, "recent: 'after' must be a sequence number ≥ 0")
            }
            self = .recent(after: after)
        case "tap":
            guard let reader = wire.reader, !reader.isEmpty, reader.utf8.count <= 256 else {
                throw ControlProtocolError(.malformedRequest, "tap: 'reader' is missing")
            }
            guard let hex = wire.ndef else {
                throw ControlProtocolError(.malformedRequest, "tap: 'ndef' (hex) is missing")
            }
            let bytes: [UInt8]
            do {
                bytes = try Hex.decode(hex, maxBytes: Self.maximumNDEFLength)
            } catch {
                throw ControlProtocolError(.malformedRequest, "tap: 'ndef' is not valid hex (\(error))")
            }
            guard !bytes.isEmpty else {
                throw ControlProtocolError(.malformedRequest, "tap: 'ndef' is empty")
            }
            let tagType: SimulatedTagType
            switch wire.tagType ?? 4 {
            case 2: tagType = .type2
            case 4: tagType = .type4
            case let other:
                throw ControlProtocolError(.malformedRequest, "tap: tag_type \(other) is not 2 or 4")
            }
            self = .tap(reader: reader, ndef: bytes, tagType: tagType)
        default:
            throw ControlProtocolError(.malformedRequest, "unknown op '\(wire.op)' (expected tap, status or recent)")
        }
    }

    /// The request as one JSON line, without the newline.
    public func encodedLine() -> Data {
        let wire: Wire
        switch self {
        case .status:
            wire = Wire(op: "status")
        case .recent(let after):
            wire = Wire(op: "recent", after: after)
        case .tap(let reader, let ndef, let tagType):
            wire = Wire(op: "tap", reader: reader, ndef: Hex.encode(ndef), tagType: tagType.rawValue)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(wire)) ?? Data(#"{"op":"status"}"#.utf8)
    }

    private struct Wire: Codable {
        var op: String
        var reader: String?
        var ndef: String?
        var tagType: Int?
        var after: Int64?

        init(op: String, reader: String? = nil, ndef: String? = nil, tagType: Int? = nil, after: Int64? = nil) {
            self.op = op
            self.reader = reader
            self.ndef = ndef
            self.tagType = tagType
            self.after = after
        }

        enum CodingKeys: String, CodingKey {
            case op, reader, ndef, after
            case tagType = "tag_type"
        }
    }
}

/// The tag a control `tap` is presented as.
public enum SimulatedTagType: Int, Sendable, Hashable, Codable {
    /// An NTAG215 service card (NFC Forum Type 2).
    case type2 = 2
    /// A phone in host card emulation (NFC Forum Type 4).
    case type4 = 4
}
