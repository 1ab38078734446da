extension Type4Tag {
    /// The most data bytes one short UPDATE BINARY carries (Lc is one byte; extended Lc is not used).
    static let maximumShortLc = 255

    /// Writes an encoded NDEF message into the NDEF file that a read in this tap left selected
    /// (``readNDEFFile(over:options:)``), with the NFC Forum Type 4 update procedure.
    ///
    /// 1. UPDATE BINARY sets NLEN (ENLEN for mapping 3.0) to 0, so from here on a reader sees an empty file;
    /// 2. UPDATE BINARY writes the message after the length field in chunks of at most min(MLc, the reader's
    ///    frame less the 5-byte header, 255);
    /// 3. UPDATE BINARY sets NLEN/ENLEN to the message length.
    ///
    /// A message that fits one chunk takes three APDUs. If the tag lost its selection between the read and the write
    /// (it answers the first UPDATE BINARY with `6986` or `6A82`), the application and the NDEF file are selected
    /// again once. A tag that leaves after step 1 keeps NLEN 0: an empty file, never a part of the message.
    ///
    /// - Returns: the commands and bytes of the write.
    /// - Throws: ``TagError``: ``TagError/Code/notWritable`` when the CC grants no write access or the tag answers
    ///   `6982`/`6985`; ``TagError/Code/messageTooLarge`` when the message does not fit the file (or the tag
    ///   answers `6A84`), the reader's frames or plain offsets (≤ 0x7FFF); ``TagError/Code/statusWord`` for any
    ///   other error status; ``TagError/Code/communication`` when the tag leaves or stops answering.
    public func updateNDEF(
        _ message: [UInt8],
        in file: Type4NDEFFile,
        over transceiver: any Transceiver,
        options: TagReadOptions = .init()
    ) throws(TagError) -> ExchangeCounters {
        var io = CountingTransceiver(transceiver, tagType: .type4, timeout: options.type4Timeout)
        try update(message, in: file, &io)
        return io.counters
    }

    /// Selects the NDEF application, reads the CC and selects the NDEF file, then writes the message as
    /// ``updateNDEF(_:in:over:options:)`` does.
    ///
    /// - Throws: ``TagError`` as for reading the CC and for ``updateNDEF(_:in:over:options:)``.
    public func writeNDEF(
        _ message: [UInt8],
        over transceiver: any Transceiver,
        options: TagReadOptions = .init()
    ) throws(TagError) -> ExchangeCounters {
        var io = CountingTransceiver(transceiver, tagType: .type4, timeout: options.type4Timeout)
        let file = try selectCapabilityContainer(&io)
        try checkWritable(message, in: file, chunkLimit: chunkLimit(file, transceiver.limits))
        try select(file: file.capabilityContainer.ndefFileID, p2: file.selectP2, &io)
        try update(message, in: file, &io)
        return io.counters
    }

    // MARK: - Procedure

    private func update(_ message: [UInt8], in file: Type4NDEFFile, _ io: inout CountingTransceiver) throws(TagError) {
        let chunk = chunkLimit(file, io.limits)
        try checkWritable(message, in: file, chunkLimit: chunk)
        let fieldSize = file.capabilityContainer.lengthFieldSize

        // 1. NLEN/ENLEN = 0; re-select once if the tag forgot the NDEF file since the read.
        let clear = [UInt8](repeating: 0, count: fieldSize)
        let first = try updateBinary(offset: 0, clear, &io)
        if first == Type4StatusWord(0x6986) || first == Type4StatusWord(0x6A82) {
            try reselectNDEFFile(file, &io)
            try check(updateBinary(offset: 0, clear, &io), offset: 0, clear)
        } else {
            try check(first, offset: 0, clear)
        }
        guard !message.isEmpty else { return }

        // 2. The message, after the length field.
        var offset = 0
        while offset < message.count {
            let end = min(offset + chunk, message.count)
            let data = Array(message[offset..<end])
            try check(updateBinary(offset: fieldSize + offset, data, &io), offset: fieldSize + offset, data)
            offset = end
        }

        // 3. NLEN/ENLEN = the message length: only now does a reader see the message.
        let length = (0..<fieldSize).reversed().map { UInt8(truncatingIfNeeded: message.count >> ($0 * 8)) }
        try check(updateBinary(offset: 0, length, &io), offset: 0, length)
    }

    /// The largest UPDATE BINARY data field for this file and reader.
    private func chunkLimit(_ file: Type4NDEFFile, _ limits: TransceiverLimits) -> Int {
        min(file.capabilityContainer.maximumCommandLength, limits.maximumCommandLength - 5, Self.maximumShortLc)
    }

    /// Refuses a write the CC, the file size, the reader's frames or plain offsets cannot take, before any command.
    private func checkWritable(_ message: [UInt8], in file: Type4NDEFFile, chunkLimit: Int) throws(TagError) {
        let cc = file.capabilityContainer
        guard cc.isWritable else {
            throw TagError(
                .notWritable,
                tagType: .type4,
                "the CC forbids writing the NDEF file (write access \(cc.writeAccess))"
            )
        }
        guard message.count <= file.capacity else {
            throw TagError(
                .messageTooLarge,
                tagType: .type4,
                "a \(message.count)-byte NDEF message does not fit the NDEF file (\(file.capacity) bytes)"
            )
        }
        guard chunkLimit >= cc.lengthFieldSize else {
            throw TagError(
                .messageTooLarge,
                tagType: .type4,
                "UPDATE BINARY can carry \(chunkLimit) bytes here, fewer than the \(cc.lengthFieldSize)-byte length field"
            )
        }
        // Every chunk must start at an offset a plain UPDATE BINARY (D6) can address.
        guard cc.lengthFieldSize + message.count <= Self.maximumShortOffset + 1 else {
            throw TagError(
                .messageTooLarge,
                tagType: .type4,
                "the message would continue past offset 0x7FFF (UPDATE BINARY with ODO is not supported)"
            )
        }
    }

    private func reselectNDEFFile(_ file: Type4NDEFFile, _ io: inout CountingTransceiver) throws(TagError) {
        let (command, sw) = try selectApplication(version1: file.isVersion1, &io)
        guard sw.isSuccess else {
            throw TagError(
                .noNDEFApplication,
                tagType: .type4,
                command: command,
                statusWord: sw.rawValue,
                "the NDEF application could not be selected again for the write: \(sw)"
            )
        }
        try select(file: file.capabilityContainer.ndefFileID, p2: file.selectP2, &io)
    }

    /// Sends UPDATE BINARY `00 D6 <offset> Lc data` and returns its status word.
    private func updateBinary(offset: Int, _ data: [UInt8], _ io: inout CountingTransceiver) throws(TagError)
        -> Type4StatusWord
    {
        let command = Self.updateBinaryCommand(offset: offset, data)
        let response = try io.send(command)
        guard response.count == 2 else {
            throw TagError(
                .invalidResponse,
                tagType: .type4,
                command: command,
                "UPDATE BINARY answered \(response.count) bytes instead of a status word"
            )
        }
        return try status(of: response, command: command)
    }

    static func updateBinaryCommand(offset: Int, _ data: [UInt8]) -> [UInt8] {
        [0x00, 0xD6, UInt8(offset >> 8), UInt8(offset & 0xFF), UInt8(data.count)] + data
    }

    /// Maps the status word of an UPDATE BINARY to success or a typed error.
    private func check(_ sw: Type4StatusWord, offset: Int, _ data: [UInt8]) throws(TagError) {
        guard !sw.isSuccess else { return }
        let command = Self.updateBinaryCommand(offset: offset, data)
        let code: TagError.Code
        switch sw.rawValue {
        case 0x6982, 0x6985: code = .notWritable
        case 0x6A84: code = .messageTooLarge
        default: code = .statusWord
        }
        throw TagError(
            code,
            tagType: .type4,
            command: command,
            statusWord: sw.rawValue,
            "UPDATE BINARY at offset \(offset) failed: \(sw)"
        )
    }
}
