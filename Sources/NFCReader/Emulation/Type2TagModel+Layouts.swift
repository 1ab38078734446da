extension Type2TagModel {
    /// The factory layout of one Type 2 chip.
    struct Layout {
        var pageCount: Int
        /// Capability container bytes of page 3.
        var capabilityContainer: [UInt8]
        /// The TLVs that precede the NDEF TLV as shipped (NTAG213 carries a Lock Control TLV).
        var leadingTLVs: [UInt8]
        /// Pages holding configuration after the data area, with their factory contents.
        var configuration: [(page: Int, bytes: [UInt8])]
        var version: [UInt8]?
        var hasSignature: Bool
        var supportsFastRead: Bool

        /// Bytes in the NDEF data area (from the CC).
        var dataAreaSize: Int { Int(capabilityContainer[2]) * 8 }
    }

    static func layout(for kind: TagModelKind) -> Layout? {
        switch kind {
        case .ntag213:
            Layout(
                pageCount: 45,
                capabilityContainer: [0xE1, 0x10, 0x12, 0x00],
                leadingTLVs: [0x01, 0x03, 0xA0, 0x0C, 0x34],
                configuration: [
                    (0x28, [0x00, 0x00, 0x00, 0xBD]), (0x29, [0x04, 0x00, 0x00, 0xFF]),
                    (0x2A, [0x00, 0x05, 0x00, 0x00]),
                ],
                version: [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x0F, 0x03],
                hasSignature: true,
                supportsFastRead: true
            )
        case .ntag215:
            Layout(
                pageCount: 135,
                capabilityContainer: [0xE1, 0x10, 0x3E, 0x00],
                leadingTLVs: [],
                configuration: [
                    (0x82, [0x00, 0x00, 0x00, 0xBD]), (0x83, [0x04, 0x00, 0x00, 0xFF]),
                    (0x84, [0x00, 0x05, 0x00, 0x00]),
                ],
                version: [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x11, 0x03],
                hasSignature: true,
                supportsFastRead: true
            )
        case .ntag216:
            Layout(
                pageCount: 231,
                capabilityContainer: [0xE1, 0x10, 0x6D, 0x00],
                leadingTLVs: [],
                configuration: [
                    (0xE2, [0x00, 0x00, 0x00, 0xBD]), (0xE3, [0x04, 0x00, 0x00, 0xFF]),
                    (0xE4, [0x00, 0x05, 0x00, 0x00]),
                ],
                version: [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x13, 0x03],
                hasSignature: true,
                supportsFastRead: true
            )
        case .ultralight:
            Layout(
                pageCount: 16,
                capabilityContainer: [0xE1, 0x10, 0x06, 0x00],
                leadingTLVs: [],
                configuration: [],
                version: nil,
                hasSignature: false,
                supportsFastRead: false
            )
        case .ultralightEV1:
            Layout(
                pageCount: 20,
                capabilityContainer: [0xE1, 0x10, 0x06, 0x00],
                leadingTLVs: [],
                configuration: [(0x10, [0x00, 0x00, 0x00, 0xFF]), (0x11, [0x00, 0x05, 0x00, 0x00])],
                version: [0x00, 0x04, 0x03, 0x01, 0x01, 0x00, 0x0B, 0x03],
                hasSignature: true,
                supportsFastRead: true
            )
        case .type4, .mifareClassic1K:
            nil
        }
    }

    /// Builds a chip as NXP ships it (UID, CC, factory TLVs), with `ndef` written as an NDEF TLV.
    ///
    /// - Parameters:
    ///   - kind: a Type 2 kind.
    ///   - ndefBytes: the encoded NDEF message; nil leaves the empty NDEF TLV `03 00 FE` of a blank tag.
    ///   - uid: a 7-byte UID starting with the NXP manufacturer byte 04; random when nil.
    /// - Throws: ``TagModelError`` when the message does not fit or the kind is not Type 2.
    public static func formatted(kind: TagModelKind, ndefBytes: [UInt8]?, uid: [UInt8]? = nil) throws -> Type2TagModel {
        guard let layout = layout(for: kind) else {
            throw TagModelError(.invalidConfiguration, "\(kind) is not a Type 2 tag")
        }
        var uidBytes = uid ?? [0x04] + (0..<6).map { _ in UInt8.random(in: 0...0xFF) }
        guard uidBytes.count == 7 else {
            throw TagModelError(.invalidConfiguration, "a Type 2 UID has 7 bytes, got \(uidBytes.count)")
        }
        if uid == nil, uidBytes[3] == 0x88 { uidBytes[3] = 0x89 }  // 0x88 is the cascade tag
        var memory = [UInt8](repeating: 0, count: layout.pageCount * 4)
        let bcc0 = 0x88 ^ uidBytes[0] ^ uidBytes[1] ^ uidBytes[2]
        let bcc1 = uidBytes[3] ^ uidBytes[4] ^ uidBytes[5] ^ uidBytes[6]
        memory.replaceSubrange(0..<4, with: [uidBytes[0], uidBytes[1], uidBytes[2], bcc0])
        memory.replaceSubrange(4..<8, with: uidBytes[3..<7])
        memory.replaceSubrange(8..<12, with: [bcc1, 0x48, 0x00, 0x00])
        memory.replaceSubrange(12..<16, with: layout.capabilityContainer)

        let message = ndefBytes ?? []
        var area = layout.leadingTLVs
        area.append(0x03)
        if message.count < 0xFF {
            area.append(UInt8(message.count))
        } else {
            area.append(contentsOf: [0xFF, UInt8(message.count >> 8), UInt8(message.count & 0xFF)])
        }
        area.append(contentsOf: message)
        guard message.count <= 0xFFFE, area.count <= layout.dataAreaSize else {
            throw TagModelError(
                .messageTooLarge,
                "a \(message.count)-byte NDEF message does not fit the \(layout.dataAreaSize)-byte data area of \(kind)"
            )
        }
        if area.count < layout.dataAreaSize { area.append(0xFE) }
        memory.replaceSubrange(16..<16 + area.count, with: area)
        for (page, bytes) in layout.configuration {
            memory.replaceSubrange(page * 4..<page * 4 + 4, with: bytes)
        }
        let signature: [UInt8]? = layout.hasSignature ? Self.signature(for: uidBytes) : nil
        return try Type2TagModel(
            kind: kind,
            memory: memory,
            version: layout.version,
            signature: signature,
            supportsFastRead: layout.supportsFastRead
        )
    }

    /// A chip of `kind` (its GET_VERSION, FAST_READ and READ_SIG) holding a memory image from page 0, e.g. a dump
    /// of a real tag. The image is served as it is: no CC or TLV is checked or fixed.
    ///
    /// - Throws: ``TagModelError`` when `kind` is not Type 2 or the image is not 4 to 256 whole pages.
    public static func image(kind: TagModelKind, memory: [UInt8]) throws -> Type2TagModel {
        guard let layout = layout(for: kind) else {
            throw TagModelError(.invalidConfiguration, "\(kind) is not a Type 2 tag")
        }
        let uid = memory.count >= 8 ? Array(memory[0..<3]) + Array(memory[4..<8]) : []
        return try Type2TagModel(
            kind: kind,
            memory: memory,
            version: layout.version,
            signature: layout.hasSignature ? signature(for: uid.isEmpty ? [0] : uid) : nil,
            supportsFastRead: layout.supportsFastRead
        )
    }

    /// A fixed 32-byte stand-in for the ECC originality signature (not a valid signature; the counter does not verify it).
    static func signature(for uid: [UInt8]) -> [UInt8] {
        var state: UInt32 = 0x811C_9DC5
        return (0..<32).map { index in
            state = (state ^ UInt32(uid[index % uid.count])) &* 0x0100_0193
            return UInt8(truncatingIfNeeded: state >> 13)
        }
    }
}
