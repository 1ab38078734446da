import NDEF

/// Reads the NDEF message of an NFC Forum Type 4 tag (a phone in host card emulation, a DESFire or NTAG 424).
///
/// SELECT the NDEF application (v2.0 AID with Le, else the v1.0 AID without), SELECT and READ BINARY the
/// CC file, SELECT the NDEF file, then READ BINARY in chunks of min(MLe, reader limit): the first chunk
/// carries NLEN/ENLEN and the start of the message, so a message that fits one chunk takes five APDUs.
/// Chunks above 256 bytes use an extended Le, when the CC's MLe and the reader's frames both allow it.
/// Error status words become ``TagError/Code/statusWord``.
public struct Type4Tag: NDEFTag {
    public let target: DetectedTarget
    public var tagType: TagType { .type4 }

    /// The v2.0/v3.0 NDEF application identifier.
    public static let applicationIDv2: [UInt8] = [0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01]
    /// The v1.0 NDEF application identifier.
    public static let applicationIDv1: [UInt8] = [0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x00]
    /// The highest offset a plain READ BINARY (`B0`) can address.
    static let maximumShortOffset = 0x7FFF

    /// Creates the tag for a selected target.
    public init(target: DetectedTarget) {
        self.target = target
    }

    public func readNDEF(over transceiver: any Transceiver, options: TagReadOptions = .init()) throws(TagError)
        -> TagReadResult
    {
        try readNDEFFile(over: transceiver, options: options).result
    }

    /// Reads the NDEF message like ``readNDEF(over:options:)`` and also returns what was learned about the NDEF
    /// file, which stays selected, so that ``updateNDEF(_:in:over:options:)`` can follow in the same tap.
    public func readNDEFFile(over transceiver: any Transceiver, options: TagReadOptions = .init()) throws(TagError)
        -> (result: TagReadResult, file: Type4NDEFFile)
    {
        var io = CountingTransceiver(transceiver, tagType: .type4, timeout: options.type4Timeout)
        // The reader's frame holds the status word too; beyond 256 bytes READ BINARY needs an extended Le,
        // used only when both the tag (MLe in its CC) and the reader's frames allow it.
        let readerLimit = min(transceiver.limits.maximumResponseLength - 2, 65535)
        guard readerLimit >= 15 else {
            throw TagError(
                .messageTooLarge,
                tagType: .type4,
                "the reader's frames are too small for Type 4 (\(readerLimit))"
            )
        }
        let ndefFile = try selectCapabilityContainer(&io)
        let cc = ndefFile.capabilityContainer
        guard cc.isReadable else {
            throw TagError(
                .notReadable,
                tagType: .type4,
                "the CC forbids reading the NDEF file (access \(cc.readAccess))"
            )
        }
        let mappingVersion = ndefFile.mappingVersion
        let chunkLimit = min(cc.maximumResponseLength, readerLimit)

        // 3. The NDEF file: NLEN/ENLEN and the first part of the message in one READ BINARY.
        try select(file: cc.ndefFileID, p2: ndefFile.selectP2, &io)
        let firstLength = min(chunkLimit, cc.maximumNDEFFileSize)
        var file = try readBinary(offset: 0, length: firstLength, &io)
        let messageLength: Int
        do {
            messageLength = try Type4NDEFLength.parse(
                file,
                fieldSize: cc.lengthFieldSize,
                maximumFileSize: cc.maximumNDEFFileSize
            )
        } catch {
            throw TagError(.invalidFormat, tagType: .type4, formatError: error, "bad NDEF length: \(error)")
        }
        guard messageLength <= options.maximumMessageSize else {
            throw TagError(
                .messageTooLarge,
                tagType: .type4,
                "the NDEF message has \(messageLength) bytes, above \(options.maximumMessageSize)"
            )
        }
        let total = cc.lengthFieldSize + messageLength
        if file.count > total { file.removeLast(file.count - total) }
        file.reserveCapacity(total)
        // A tag may answer fewer bytes than asked; twice the chunks a full answer needs is the most we wait for.
        let maximumReads = 2 * ((total + chunkLimit - 1) / chunkLimit) + 2
        var reads = 1
        while file.count < total {
            reads += 1
            guard reads <= maximumReads else {
                throw TagError(
                    .invalidResponse,
                    tagType: .type4,
                    "READ BINARY keeps answering short: \(file.count) of \(total) bytes after \(reads - 1) reads"
                )
            }
            guard file.count <= Self.maximumShortOffset else {
                throw TagError(
                    .messageTooLarge,
                    tagType: .type4,
                    "the NDEF file continues past offset 0x7FFF (READ BINARY with ODO is not supported)"
                )
            }
            file += try readBinary(offset: file.count, length: min(chunkLimit, total - file.count), &io)
        }

        let bytes = Array(file[cc.lengthFieldSize...])
        let message: NDEFMessage
        if bytes.isEmpty {
            message = NDEFMessage(records: [])
        } else {
            do {
                message = try NDEFMessage(decoding: bytes, options: options.decoding)
            } catch {
                throw TagError(.invalidNDEF, tagType: .type4, ndefError: error, "invalid NDEF message: \(error)")
            }
        }
        let result = TagReadResult(
            tagType: .type4,
            target: target,
            product: "Type 4 mapping \(mappingVersion >> 4).\(mappingVersion & 0x0F)",
            version: nil,
            message: message,
            ndefBytes: bytes,
            counters: io.counters
        )
        return (result, ndefFile)
    }

    /// SELECTs the NDEF application (v2.0 AID with Le, else the v1.0 AID without), then SELECTs and READs the CC
    /// file; the caller SELECTs the NDEF file it names once the access rights allow what it means to do.
    func selectCapabilityContainer(_ io: inout CountingTransceiver) throws(TagError) -> Type4NDEFFile {
        // 1. The NDEF application: v2.0 with Le, then v1.0 without.
        let isVersion1: Bool
        let (_, v2Status) = try selectApplication(version1: false, &io)
        if v2Status.isSuccess {
            isVersion1 = false
        } else {
            let (selectV1, v1Status) = try selectApplication(version1: true, &io)
            guard v1Status.isSuccess else {
                throw TagError(
                    .noNDEFApplication,
                    tagType: .type4,
                    command: selectV1,
                    statusWord: v1Status.rawValue,
                    "no NDEF application: SELECT answered \(v2Status) for v2.0 and \(v1Status) for v1.0"
                )
            }
            isVersion1 = true
        }
        let selectP2: UInt8 = isVersion1 ? 0x00 : 0x0C

        // 2. The CC file.
        try select(file: Type4CapabilityContainer.fileID, p2: selectP2, &io)
        var ccBytes = try readBinary(offset: 0, length: 15, &io)
        let ccLength = ccBytes.count >= 2 ? Int(ccBytes[0]) << 8 | Int(ccBytes[1]) : 0
        let ccNeeded = min(ccLength, 17)  // CCLEN, version, MLe, MLc and the (E)NDEF File Control TLV
        if ccBytes.count < ccNeeded {
            ccBytes += try readBinary(offset: ccBytes.count, length: ccNeeded - ccBytes.count, &io)
        }
        var parsedBytes = ccBytes
        if isVersion1, parsedBytes.count > 2, parsedBytes[2] >> 4 == 1 {
            // Mapping 1.0 has the 2.0 layout; only the version byte differs.
            parsedBytes[2] = 0x20
        }
        let cc: Type4CapabilityContainer
        do {
            cc = try Type4CapabilityContainer(parsedBytes)
        } catch {
            throw TagError(.invalidFormat, tagType: .type4, formatError: error, "bad CC file: \(error)")
        }
        return Type4NDEFFile(
            capabilityContainer: cc,
            mappingVersion: ccBytes.count > 2 ? ccBytes[2] : 0,
            isVersion1: isVersion1
        )
    }

    /// The status word of a response; shorter than two bytes is a broken frame.
    func status(of response: [UInt8], command: [UInt8]) throws(TagError) -> Type4StatusWord {
        guard response.count >= 2 else {
            throw TagError(
                .invalidResponse,
                tagType: .type4,
                command: command,
                "a \(response.count)-byte response has no status word"
            )
        }
        return Type4StatusWord(UInt16(response[response.count - 2]) << 8 | UInt16(response[response.count - 1]))
    }

    /// SELECTs the NDEF application by its v2.0 AID with Le `00`, or by its v1.0 AID without Le; returns the command
    /// and its status word.
    func selectApplication(version1: Bool, _ io: inout CountingTransceiver) throws(TagError)
        -> (command: [UInt8], status: Type4StatusWord)
    {
        let command: [UInt8] =
            version1
            ? [0x00, 0xA4, 0x04, 0x00, 0x07] + Self.applicationIDv1
            : [0x00, 0xA4, 0x04, 0x00, 0x07] + Self.applicationIDv2 + [0x00]
        return (command, try status(of: io.send(command), command: command))
    }

    func select(file id: UInt16, p2: UInt8, _ io: inout CountingTransceiver) throws(TagError) {
        let command: [UInt8] = [0x00, 0xA4, 0x00, p2, 0x02, UInt8(id >> 8), UInt8(id & 0xFF)]
        let sw = try status(of: io.send(command), command: command)
        guard sw.isSuccess else {
            throw TagError(
                .statusWord,
                tagType: .type4,
                command: command,
                statusWord: sw.rawValue,
                "SELECT FILE failed: \(sw)"
            )
        }
    }

    /// READ BINARY of `length` (1…65535) bytes at `offset`; returns 1…`length` data bytes.
    ///
    /// Le is one byte up to 256 (`00` = 256) and the extended form `00 hh ll` above.
    private func readBinary(offset: Int, length: Int, _ io: inout CountingTransceiver) throws(TagError) -> [UInt8] {
        var command: [UInt8] = [0x00, 0xB0, UInt8(offset >> 8), UInt8(offset & 0xFF)]
        if length <= 256 {
            command.append(UInt8(truncatingIfNeeded: length))
        } else {
            command += [0x00, UInt8(length >> 8), UInt8(length & 0xFF)]
        }
        let response = try io.send(command)
        let sw = try status(of: response, command: command)
        guard sw.isSuccess || sw == .endOfFile else {
            throw TagError(
                .statusWord,
                tagType: .type4,
                command: command,
                statusWord: sw.rawValue,
                "READ BINARY failed: \(sw)"
            )
        }
        let data = Array(response.dropLast(2))
        guard !data.isEmpty, data.count <= length else {
            throw TagError(
                .invalidResponse,
                tagType: .type4,
                command: command,
                "READ BINARY returned \(data.count) bytes for Le \(length)"
            )
        }
        return data
    }
}
