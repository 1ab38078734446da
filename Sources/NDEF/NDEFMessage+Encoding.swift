extension NDEFMessage {
    /// Encodes the message into NDEF bytes.
    ///
    /// MB is set on the first record and ME on the last; SR is used when the payload fits in
    /// one byte (unless disabled), IL when the record has an ID. With a ``NDEFEncodingOptions/chunkSize``,
    /// longer payloads are split into a first chunk carrying the type and ID and continuation chunks with TNF 6.
    ///
    /// - Throws: ``NDEFEncodingError`` when a record cannot be represented (e.g. a 256-byte type).
    public func encoded(options: NDEFEncodingOptions = .init()) throws(NDEFEncodingError) -> [UInt8] {
        guard !records.isEmpty else {
            throw NDEFEncodingError(recordIndex: 0, "an NDEF message needs at least one record")
        }
        if let chunkSize = options.chunkSize, chunkSize < 1 {
            throw NDEFEncodingError(recordIndex: 0, "the chunk size must be at least 1")
        }
        var output: [UInt8] = []
        output.reserveCapacity(records.reduce(0) { $0 + $1.payload.count + $1.type.count + $1.id.count + 8 })
        for (index, record) in records.enumerated() {
            try Self.check(record, index: index)
            let isFirst = index == 0
            let isLast = index == records.count - 1
            let chunks = Self.split(record.payload, chunkSize: options.chunkSize)
            for (chunkIndex, chunk) in chunks.enumerated() {
                let firstChunk = chunkIndex == 0
                let lastChunk = chunkIndex == chunks.count - 1
                var header: UInt8 = firstChunk ? record.typeNameFormat.rawValue : TypeNameFormat.unchanged.rawValue
                if isFirst && firstChunk { header |= NDEFFlag.messageBegin }
                if isLast && lastChunk { header |= NDEFFlag.messageEnd }
                if !lastChunk { header |= NDEFFlag.chunk }
                let short = options.usesShortRecords && chunk.count <= 0xFF
                if short { header |= NDEFFlag.shortRecord }
                let id = firstChunk ? record.id : []
                if !id.isEmpty { header |= NDEFFlag.idLength }
                let type = firstChunk ? record.type : []
                output.append(header)
                output.append(UInt8(type.count))
                if short {
                    output.append(UInt8(chunk.count))
                } else {
                    let length = UInt32(chunk.count)
                    output.append(UInt8(truncatingIfNeeded: length >> 24))
                    output.append(UInt8(truncatingIfNeeded: length >> 16))
                    output.append(UInt8(truncatingIfNeeded: length >> 8))
                    output.append(UInt8(truncatingIfNeeded: length))
                }
                if !id.isEmpty { output.append(UInt8(id.count)) }
                output.append(contentsOf: type)
                output.append(contentsOf: id)
                output.append(contentsOf: chunk)
            }
        }
        return output
    }

    private static func check(_ record: NDEFRecord, index: Int) throws(NDEFEncodingError) {
        guard record.type.count <= 0xFF else {
            throw NDEFEncodingError(recordIndex: index, "the type is \(record.type.count) bytes; at most 255 fit")
        }
        guard record.id.count <= 0xFF else {
            throw NDEFEncodingError(recordIndex: index, "the ID is \(record.id.count) bytes; at most 255 fit")
        }
        guard UInt64(record.payload.count) <= UInt64(UInt32.max) else {
            throw NDEFEncodingError(recordIndex: index, "the payload exceeds 4 GiB")
        }
        switch record.typeNameFormat {
        case .empty:
            guard record.type.isEmpty, record.id.isEmpty, record.payload.isEmpty else {
                throw NDEFEncodingError(recordIndex: index, "an empty record (TNF 0) must have no type, ID or payload")
            }
        case .unknown:
            guard record.type.isEmpty else {
                throw NDEFEncodingError(recordIndex: index, "an unknown-type record (TNF 5) must have no type")
            }
        case .unchanged:
            throw NDEFEncodingError(recordIndex: index, "TNF 6 (unchanged) is only for chunks, not for a record")
        case .wellKnown, .media, .absoluteURI, .external:
            guard !record.type.isEmpty else {
                throw NDEFEncodingError(recordIndex: index, "TNF \(record.typeNameFormat.rawValue) needs a type")
            }
        }
    }

    private static func split(_ payload: [UInt8], chunkSize: Int?) -> [ArraySlice<UInt8>] {
        guard let chunkSize, payload.count > chunkSize else { return [payload[...]] }
        return stride(from: 0, to: payload.count, by: chunkSize).map {
            payload[$0..<min($0 + chunkSize, payload.count)]
        }
    }
}
