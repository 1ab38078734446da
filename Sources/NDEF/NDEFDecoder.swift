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
struct NDEFDecoder {
    private let bytes: [UInt8]
    private let baseOffset: Int
    private let options: NDEFDecodingOptions
    private let depth: Int
    private var position = 0
    /// The type and ID of the previous record, handed out again when the next record repeats them, so a
    /// message of records of one type allocates its type once (arrays are copy-on-write values).
    private var previousType: [UInt8] = []
    private var previousID: [UInt8] = []

    /// Types of the well-known records found on nearly every tag, shared instead of allocated per record.
    private static let commonTypes: [[UInt8]] = [[0x54], [0x55], [0x53, 0x70]]  // T, U, Sp

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
    }

    private func error(_ code: NDEFDecodingError.Code, at offset: Int, _ message: String) -> NDEFDecodingError {
        NDEFDecodingError(code, offset: baseOffset + offset, message)
    }

    private mutating func readByte(_ field: String) throws(NDEFDecodingError) -> UInt8 {
        guard position < bytes.count else {
            throw error(.truncatedRecord, at: position, "input ends before the \(field)")
        }
        defer { position += 1 }
        return bytes[position]
    }

    /// Reads the type field, reusing the previous record's type or a common type when the bytes are the same.
    private mutating func readType(_ count: Int) throws(NDEFDecodingError) -> [UInt8] {
        if let shared = sharedField(count, previousType, common: Self.commonTypes) {
            previousType = shared
            position += count
            return shared
        }
        previousType = try readBytes(count, "type")
        return previousType
    }

    /// Reads the ID field, reusing the previous record's ID when the bytes are the same.
    private mutating func readID(_ count: Int) throws(NDEFDecodingError) -> [UInt8] {
        if let shared = sharedField(count, previousID, common: []) {
            position += count
            return shared
        }
        previousID = try readBytes(count, "ID")
        return previousID
    }

    /// `previous` or a common array equal to the next `count` input bytes, if any.
    private func sharedField(_ count: Int, _ previous: [UInt8], common: [[UInt8]]) -> [UInt8]? {
        guard count > 0, count <= bytes.count - position else { return nil }
        if matchesInput(previous, count: count) { return previous }
        for candidate in common where matchesInput(candidate, count: count) { return candidate }
        return nil
    }

    /// Whether `candidate` equals the next `count` input bytes (plain indexing: no slice, no reference counting).
    private func matchesInput(_ candidate: [UInt8], count: Int) -> Bool {
        guard candidate.count == count else { return false }
        var index = 0
        while index < count {
            if bytes[position + index] != candidate[index] { return false }
            index += 1
        }
        return true
    }

    private mutating func readBytes(_ count: Int, _ field: String) throws(NDEFDecodingError) -> [UInt8] {
        guard count <= bytes.count - position else {
            throw error(
                .truncatedRecord,
                at: position,
                "\(field) of \(count) bytes runs past the end (\(bytes.count - position) left)"
            )
        }
        defer { position += count }
        return count == 0 ? [] : Array(bytes[position..<position + count])
    }

    mutating func decode() throws(NDEFDecodingError) -> [NDEFRecord] {
        guard !bytes.isEmpty else {
            throw error(.emptyMessage, at: 0, "the message holds no record")
        }
        var records: [NDEFRecord] = []
        // A record takes at least 3 bytes; most tags hold a few records.
        records.reserveCapacity(min(bytes.count / 3, 8))
        var pending: PendingChunk?
        var isFirst = true
        var ended = false

        while position < bytes.count {
            let headerOffset = position
            if ended {
                throw error(
                    .trailingBytes,
                    at: headerOffset,
                    "\(bytes.count - headerOffset) bytes follow the ME record"
                )
            }
            let header = bytes[position]
            position += 1
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

            let typeLength = Int(try readByte("type length"))
            let lengthOffset = position
            let payloadLength: Int
            if short {
                payloadLength = Int(try readByte("payload length"))
            } else {
                let length = try readBytes(4, "payload length")
                payloadLength = Int(length[0]) << 24 | Int(length[1]) << 16 | Int(length[2]) << 8 | Int(length[3])
            }
            let idLength = hasID ? Int(try readByte("ID length")) : 0

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

            let type = try readType(typeLength)
            let id = try readID(idLength)
            let payloadOffset = position
            let payload = try readBytes(payloadLength, "payload")

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
                    pending = nil
                    try validate(chunk.record, payloadMap: chunk.payloadMap)
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
                let record = NDEFRecord(typeNameFormat: tnf, type: type, id: id, payload: payload)
                let map = PayloadMap(inputOffset: payloadOffset)
                if chunked {
                    pending = PendingChunk(record: record, payloadMap: map)
                } else {
                    try validate(record, payloadMap: map)
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
            throw error(.unterminatedChunk, at: bytes.count, "the input ends inside a chunk sequence")
        }
        if !ended {
            throw error(.missingMessageEnd, at: bytes.count, "the input ends before a record with the ME flag")
        }
        return records
    }

    /// Checks the payload of a well-known Text, URI or Smart Poster record.
    ///
    /// A Text record's header (status byte, language code) is checked but not its text: real tags carry
    /// binary data in Text records, and ``NDEFRecord/decodeText()`` reports that when the text is asked for.
    ///
    /// Each logical record is checked as soon as it is complete, so errors come in input order.
    private func validate(_ record: NDEFRecord, payloadMap: PayloadMap) throws(NDEFDecodingError) {
        guard options.validatesWellKnownRecords, record.typeNameFormat == .wellKnown,
            record.type.count <= 2
        else { return }
        do throws(NDEFDecodingError) {
            if record.type.count == 1 && record.type[0] == 0x54 {  // "T"
                _ = try record.textLayout()
            } else if record.type.count == 1 && record.type[0] == 0x55 {  // "U"
                try record.validateURI()
            } else if record.type.count == 2 && record.type[0] == 0x53 && record.type[1] == 0x70 {  // "Sp"
                guard depth < options.maximumNestingDepth else {
                    throw NDEFDecodingError(.nestingTooDeep, offset: 0, "Smart Poster nested too deep")
                }
                var nested = NDEFDecoder(bytes: record.payload, baseOffset: 0, options: options, depth: depth + 1)
                let inner = try nested.decode()
                try NDEFSmartPoster.check(inner)
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
        var decoder = NDEFDecoder(bytes: bytes, baseOffset: 0, options: options, depth: depth)
        return try decoder.decode()
    }
}
