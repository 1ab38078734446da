/// Header flag bits of an NDEF record.
enum NDEFFlag {
    static let messageBegin: UInt8 = 0x80
    static let messageEnd: UInt8 = 0x40
    static let chunk: UInt8 = 0x20
    static let shortRecord: UInt8 = 0x10
    static let idLength: UInt8 = 0x08
    static let typeNameFormatMask: UInt8 = 0x07
}

/// The strict NDEF decoder. Never allocates more than the input holds and the options allow.
///
/// One pass over the input: each record header is bounds-checked once, then its fields are read by plain
/// indexing. A record costs one allocation, its payload: types and IDs are shared (the well-known `T`, `U`,
/// `Sp` statically, other types and IDs repeated within the message through ``FieldCache``). The decoder keeps no
/// state between messages.
struct NDEFDecoder {
    private let bytes: [UInt8]
    private let baseOffset: Int
    private let options: NDEFDecodingOptions
    private let depth: Int

    init(bytes: [UInt8], baseOffset: Int, options: NDEFDecodingOptions, depth: Int) {
        self.bytes = bytes
        self.baseOffset = baseOffset
        self.options = options
        self.depth = depth
    }

    /// Where the pieces of a logical payload lie in the input: the first chunk (or the only piece) starts
    /// at `firstInput`; later chunk `i` starts at logical payload offset `later[i].logical` and at input
    /// offset `later[i].input`. `later` stays empty, and allocates nothing, for an unchunked record.
    struct PayloadMap {
        var firstInput: Int
        var later: [(logical: Int, input: Int)] = []

        init(inputOffset: Int) { firstInput = inputOffset }

        mutating func append(logicalOffset: Int, inputOffset: Int) {
            later.append((logicalOffset, inputOffset))
        }

        /// The input offset of a logical payload offset (an offset at the very end maps after the last chunk).
        func inputOffset(of offset: Int) -> Int {
            if let chunk = later.last(where: { $0.logical <= offset }) {
                return chunk.input + (offset - chunk.logical)
            }
            return firstInput + offset
        }
    }

    /// A record in progress while its chunks arrive.
    private struct PendingChunk {
        var record: NDEFRecord
        var payloadMap: PayloadMap
        var kind: WellKnownKind
    }

    /// The well-known record types whose payload the decoder checks.
    enum WellKnownKind {
        case text, uri, smartPoster, other
    }

    private func error(_ code: NDEFDecodingError.Code, at offset: Int, _ message: String) -> NDEFDecodingError {
        NDEFDecodingError(code, offset: baseOffset + offset, message)
    }

    func decode() throws(NDEFDecodingError) -> [NDEFRecord] {
        // A local copy of the input array, so the loop below indexes a value the optimizer can see whole.
        let bytes = self.bytes
        let count = bytes.count
        guard count > 0 else {
            throw error(.emptyMessage, at: 0, "the message holds no record")
        }
        var records: [NDEFRecord] = []
        // A record takes at least 3 bytes; most tags hold a few records.
        records.reserveCapacity(min(count / 3, 8))
        var ids = FieldCache()
        var types = FieldCache()
        var pending: PendingChunk?
        var position = 0
        var isFirst = true
        var ended = false

        while position < count {
            let headerOffset = position
            if ended {
                throw error(.trailingBytes, at: headerOffset, "\(count - headerOffset) bytes follow the ME record")
            }
            let header = bytes[position]
            let messageBegin = header & NDEFFlag.messageBegin != 0
            let messageEnd = header & NDEFFlag.messageEnd != 0
            let chunked = header & NDEFFlag.chunk != 0
            let short = header & NDEFFlag.shortRecord != 0
            let hasID = header & NDEFFlag.idLength != 0
            guard let tnf = TypeNameFormat(rawValue: header & NDEFFlag.typeNameFormatMask) else {
                throw error(.reservedTypeNameFormat, at: headerOffset, "TNF 7 is reserved")
            }
            if isFirst && !messageBegin {
                throw error(.missingMessageBegin, at: headerOffset, "the first record lacks the MB flag")
            }
            if !isFirst && messageBegin {
                throw error(.unexpectedMessageBegin, at: headerOffset, "MB flag on a record that is not the first")
            }
            if chunked && messageEnd {
                throw error(.chunkWithMessageEnd, at: headerOffset, "a chunk with CF set also carries ME")
            }

            // The length fields after the header byte: type length, payload length (1 or 4), ID length (0 or 1).
            // One bounds check for all of them; the exact field is named only when it fails.
            let lengthsSize = (short ? 2 : 5) + (hasID ? 1 : 0)
            guard lengthsSize < count - position else {
                throw truncatedLengths(after: position, short: short, hasID: hasID, count: count)
            }
            let typeLength = Int(bytes[position + 1])
            let lengthOffset = position + 2
            let payloadLength: Int
            if short {
                payloadLength = Int(bytes[position + 2])
            } else {
                payloadLength =
                    Int(bytes[position + 2]) << 24 | Int(bytes[position + 3]) << 16 | Int(bytes[position + 4]) << 8
                    | Int(bytes[position + 5])
            }
            let idLength = hasID ? Int(bytes[position + lengthsSize]) : 0
            position += 1 + lengthsSize

            switch tnf {
            case .empty:
                if typeLength != 0 || idLength != 0 || payloadLength != 0 {
                    throw error(.emptyRecordWithContent, at: headerOffset, "an empty record (TNF 0) has content")
                }
                if chunked {
                    throw error(.chunkTypeNameFormat, at: headerOffset, "an empty record (TNF 0) cannot be chunked")
                }
            case .unknown, .unchanged:
                if typeLength != 0 {
                    throw error(.typeNotAllowed, at: headerOffset, "TNF \(tnf.rawValue) (\(tnf)) must have no type")
                }
            case .wellKnown, .media, .absoluteURI, .external:
                if typeLength == 0 && pending == nil {
                    throw error(.missingType, at: headerOffset, "TNF \(tnf.rawValue) (\(tnf)) needs a type")
                }
            }

            let accumulated = pending?.record.payload.count ?? 0
            if payloadLength > options.maximumPayloadSize - accumulated {
                throw error(
                    .payloadTooLarge,
                    at: lengthOffset,
                    "payload of \(accumulated + payloadLength) bytes exceeds the limit of \(options.maximumPayloadSize)"
                )
            }

            // One bounds check for type, ID and payload together (each is at most 2^32 - 1, so no overflow).
            let left = count - position
            guard typeLength + idLength + payloadLength <= left else {
                throw truncatedFields(at: position, typeLength, idLength, payloadLength, left: left)
            }
            let typeStart = position
            let idStart = typeStart + typeLength
            let payloadOffset = idStart + idLength
            position = payloadOffset + payloadLength
            let payload = payloadLength == 0 ? [] : Array(bytes[payloadOffset..<position])

            if var chunk = pending {
                // Drop the second reference first, so the payload below is appended in place instead of being
                // copied whole for every chunk (quadratic in the number of chunks).
                pending = nil
                guard tnf == .unchanged else {
                    throw error(
                        .chunkTypeNameFormat,
                        at: headerOffset,
                        "a middle or last chunk must have TNF 6 (unchanged), not \(tnf.rawValue)"
                    )
                }
                if hasID {
                    throw error(.chunkWithID, at: headerOffset, "a middle or last chunk must not have the IL flag")
                }
                chunk.payloadMap.append(logicalOffset: chunk.record.payload.count, inputOffset: payloadOffset)
                chunk.record.payload.append(contentsOf: payload)
                if chunked {
                    pending = chunk
                } else {
                    try validate(chunk.record, kind: chunk.kind, payloadMap: chunk.payloadMap)
                    records.append(chunk.record)
                }
            } else {
                if tnf == .unchanged {
                    throw error(
                        .unexpectedUnchanged,
                        at: headerOffset,
                        "TNF 6 (unchanged) outside a chunk sequence or on a first chunk"
                    )
                }
                let kind = tnf == .wellKnown ? Self.wellKnownKind(bytes, at: typeStart, count: typeLength) : .other
                let type: [UInt8]
                switch kind {
                case .text: type = Self.textType
                case .uri: type = Self.uriType
                case .smartPoster: type = Self.smartPosterType
                case .other: type = typeLength == 0 ? [] : types.field(bytes, at: typeStart, count: typeLength)
                }
                let id = idLength == 0 ? [] : ids.field(bytes, at: idStart, count: idLength)
                let record = NDEFRecord(typeNameFormat: tnf, type: type, id: id, payload: payload)
                if chunked {
                    pending = PendingChunk(
                        record: record,
                        payloadMap: PayloadMap(inputOffset: payloadOffset),
                        kind: kind
                    )
                } else {
                    if kind != .other {
                        try validate(record, kind: kind, payloadMap: PayloadMap(inputOffset: payloadOffset))
                    }
                    records.append(record)
                }
            }
            if records.count > options.maximumRecordCount {
                throw error(
                    .tooManyRecords,
                    at: headerOffset,
                    "more than \(options.maximumRecordCount) records in one message"
                )
            }
            isFirst = false
            ended = messageEnd
        }

        if pending != nil {
            throw error(.unterminatedChunk, at: count, "the input ends inside a chunk sequence")
        }
        if !ended {
            throw error(.missingMessageEnd, at: count, "the input ends before a record with the ME flag")
        }
        return records
    }

    /// The error for length fields cut off by the end of the input, naming the first missing one.
    /// `headerOffset` is the offset of the record's header byte.
    private func truncatedLengths(after headerOffset: Int, short: Bool, hasID: Bool, count: Int)
        -> NDEFDecodingError
    {
        let typeLengthOffset = headerOffset + 1
        guard typeLengthOffset < count else {
            return error(.truncatedRecord, at: typeLengthOffset, "input ends before the type length")
        }
        let payloadLengthOffset = typeLengthOffset + 1
        if short {
            guard payloadLengthOffset < count else {
                return error(.truncatedRecord, at: payloadLengthOffset, "input ends before the payload length")
            }
        } else if 4 > count - payloadLengthOffset {
            return error(
                .truncatedRecord,
                at: payloadLengthOffset,
                "payload length of 4 bytes runs past the end (\(count - payloadLengthOffset) left)"
            )
        }
        let idLengthOffset = payloadLengthOffset + (short ? 1 : 4)
        return error(.truncatedRecord, at: idLengthOffset, "input ends before the ID length")
    }

    /// The error for a type, ID or payload field cut off by the end of the input, naming the first one.
    private func truncatedFields(
        at offset: Int,
        _ typeLength: Int,
        _ idLength: Int,
        _ payloadLength: Int,
        left: Int
    ) -> NDEFDecodingError {
        var offset = offset
        var left = left
        for (field, length) in [("type", typeLength), ("ID", idLength), ("payload", payloadLength)] {
            if length > left {
                return error(
                    .truncatedRecord,
                    at: offset,
                    "\(field) of \(length) bytes runs past the end (\(left) left)"
                )
            }
            offset += length
            left -= length
        }
        // Not reached: the caller saw the three fields overrun the input.
        return error(.truncatedRecord, at: offset, "record runs past the end")
    }

    /// Which checked well-known type the `count` input bytes at `start` name, if any.
    private static func wellKnownKind(_ bytes: [UInt8], at start: Int, count: Int) -> WellKnownKind {
        if count == 1 {
            switch bytes[start] {
            case 0x54: return .text  // "T"
            case 0x55: return .uri  // "U"
            default: return .other
            }
        }
        if count == 2 && bytes[start] == 0x53 && bytes[start + 1] == 0x70 { return .smartPoster }  // "Sp"
        return .other
    }

    /// The shared type arrays of the checked well-known records.
    private static let textType: [UInt8] = [0x54]
    private static let uriType: [UInt8] = [0x55]
    private static let smartPosterType: [UInt8] = [0x53, 0x70]

    /// Checks the payload of a well-known Text, URI or Smart Poster record.
    ///
    /// A Text record's header (status byte, language code) is checked but not its text: real tags carry
    /// binary data in Text records, and ``NDEFRecord/decodeText()`` reports that when the text is asked for.
    ///
    /// Each logical record is checked as soon as it is complete, so errors come in input order.
    private func validate(_ record: NDEFRecord, kind: WellKnownKind, payloadMap: PayloadMap)
        throws(NDEFDecodingError)
    {
        guard options.validatesWellKnownRecords else { return }
        do throws(NDEFDecodingError) {
            switch kind {
            case .text:
                _ = try record.textLayout()
            case .uri:
                try record.validateURI()
            case .smartPoster:
                guard depth < options.maximumNestingDepth else {
                    throw NDEFDecodingError(.nestingTooDeep, offset: 0, "Smart Poster nested too deep")
                }
                let nested = NDEFDecoder(bytes: record.payload, baseOffset: 0, options: options, depth: depth + 1)
                let inner = try nested.decode()
                try NDEFSmartPoster.check(inner)
            case .other:
                return
            }
        } catch {
            throw NDEFDecodingError(
                error.code,
                offset: baseOffset + payloadMap.inputOffset(of: error.offset),
                error.message
            )
        }
    }

    /// Decodes a nested message (used by Smart Poster parsing).
    static func decodeNested(
        _ bytes: [UInt8],
        options: NDEFDecodingOptions,
        depth: Int
    ) throws(NDEFDecodingError) -> [NDEFRecord] {
        try NDEFDecoder(bytes: bytes, baseOffset: 0, options: options, depth: depth).decode()
    }
}
