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

    init(bytes: [UInt8], baseOffset: Int, options: NDEFDecodingOptions, depth: Int) {
        self.bytes = bytes
        self.baseOffset = baseOffset
        self.options = options
        self.depth = depth
    }

    /// Where the pieces of a logical payload lie in the input: chunk `i` starts at logical payload
    /// offset `logical[i]` and at input offset `input[i]`. One piece for an unchunked record.
    struct PayloadMap {
        var logical: [Int] = [0]
        var input: [Int]

        init(inputOffset: Int) { input = [inputOffset] }

        mutating func append(logicalOffset: Int, inputOffset: Int) {
            logical.append(logicalOffset)
            input.append(inputOffset)
        }

        /// The input offset of a logical payload offset (an offset at the very end maps after the last chunk).
        func inputOffset(of offset: Int) -> Int {
            var index = logical.count - 1
            while index > 0 && logical[index] > offset { index -= 1 }
            return input[index] + (offset - logical[index])
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
        var payloadMaps: [PayloadMap] = []
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

            let type = try readBytes(typeLength, "type")
            let id = try readBytes(idLength, "ID")
            let payloadOffset = position
            let payload = try readBytes(payloadLength, "payload")

            if var chunk = pending {
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
                    records.append(chunk.record)
                    payloadMaps.append(chunk.payloadMap)
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
                    records.append(record)
                    payloadMaps.append(map)
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
        if options.validatesWellKnownRecords {
            for (record, map) in zip(records, payloadMaps) {
                try validate(record, payloadMap: map)
            }
        }
        return records
    }

    /// Checks the payload of a well-known Text, URI or Smart Poster record.
    ///
    /// A Text record's header (status byte, language code) is checked but not its text: real tags carry
    /// binary data in Text records, and ``NDEFRecord/decodeText()`` reports that when the text is asked for.
    private func validate(_ record: NDEFRecord, payloadMap: PayloadMap) throws(NDEFDecodingError) {
        guard record.typeNameFormat == .wellKnown else { return }
        do throws(NDEFDecodingError) {
            if record.isWellKnown("T") {
                _ = try record.textHeader()
            } else if record.isWellKnown("U") {
                _ = try record.decodeURI()
            } else if record.isWellKnown("Sp") {
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
