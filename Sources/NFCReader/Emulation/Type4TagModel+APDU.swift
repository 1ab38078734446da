extension Type4TagModel {
    private static let ok: [UInt8] = [0x90, 0x00]
    private static let wrongLength: [UInt8] = [0x67, 0x00]
    private static let notFound: [UInt8] = [0x6A, 0x82]
    private static let wrongParameters: [UInt8] = [0x6A, 0x86]
    private static let offsetOutOfRange: [UInt8] = [0x6B, 0x00]
    private static let insNotSupported: [UInt8] = [0x6D, 0x00]
    private static let claNotSupported: [UInt8] = [0x6E, 0x00]
    private static let noCurrentFile: [UInt8] = [0x69, 0x86]
    private static let securityNotSatisfied: [UInt8] = [0x69, 0x82]
    private static let notEnoughMemory: [UInt8] = [0x6A, 0x84]

    /// A parsed command APDU (short or extended, ISO/IEC 7816-4 cases 1–4).
    private struct APDU {
        var cla, ins, p1, p2: UInt8
        var data: [UInt8]
        /// Ne: nil when absent; 256 (short) or 65536 (extended) for an encoded 0.
        var expectedLength: Int?

        init?(_ bytes: [UInt8]) {
            guard bytes.count >= 4 else { return nil }
            (cla, ins, p1, p2) = (bytes[0], bytes[1], bytes[2], bytes[3])
            let body = Array(bytes[4...])
            data = []
            expectedLength = nil
            if body.isEmpty { return }
            if body.count == 1 {
                expectedLength = body[0] == 0 ? 256 : Int(body[0])
                return
            }
            if body[0] != 0 {
                let lc = Int(body[0])
                if body.count == 1 + lc {
                    data = Array(body[1...])
                } else if body.count == 2 + lc {
                    data = Array(body[1...lc])
                    expectedLength = body[lc + 1] == 0 ? 256 : Int(body[lc + 1])
                } else {
                    return nil
                }
                return
            }
            // Extended length: 00 then two bytes.
            guard body.count >= 3 else { return nil }
            let length = Int(body[1]) << 8 | Int(body[2])
            if body.count == 3 {
                expectedLength = length == 0 ? 65536 : length
                return
            }
            guard length > 0 else { return nil }
            if body.count == 3 + length {
                data = Array(body[3...])
            } else if body.count == 5 + length {
                data = Array(body[3..<3 + length])
                let le = Int(body[3 + length]) << 8 | Int(body[4 + length])
                expectedLength = le == 0 ? 65536 : le
            } else {
                return nil
            }
        }
    }

    mutating func answer(_ bytes: [UInt8]) -> [UInt8] {
        guard let apdu = APDU(bytes) else { return Self.wrongLength }
        guard apdu.cla == 0x00 else { return Self.claNotSupported }
        switch apdu.ins {
        case 0xA4: return select(apdu)
        case 0xB0: return readBinary(apdu)
        case 0xD6: return updateBinary(apdu)
        default: return Self.insNotSupported
        }
    }

    private mutating func select(_ apdu: APDU) -> [UInt8] {
        switch (apdu.p1, apdu.p2) {
        case (0x04, 0x00):
            let accepted =
                configuration.mappingVersion == .v1 ? Self.applicationIDv1 : Self.applicationIDv2
            guard apdu.data == accepted else {
                // Android answers an AID no service registered with 6A82 and deselects nothing else.
                return Self.notFound
            }
            applicationSelected = true
            selectedFile = nil
            return Self.ok
        case (0x00, 0x0C), (0x00, 0x00):
            guard applicationSelected else { return Self.notFound }
            guard apdu.data.count == 2 else { return Self.wrongLength }
            let id = UInt16(apdu.data[0]) << 8 | UInt16(apdu.data[1])
            if id == 0xE103 {
                selectedFile = .capabilityContainer
            } else if id == configuration.ndefFileID {
                selectedFile = .ndef
            } else {
                return Self.notFound
            }
            return Self.ok
        default:
            return Self.wrongParameters
        }
    }

    private func readBinary(_ apdu: APDU) -> [UInt8] {
        guard applicationSelected, let selectedFile else { return Self.noCurrentFile }
        guard apdu.data.isEmpty, let expected = apdu.expectedLength else { return Self.wrongLength }
        guard expected <= configuration.maximumResponseLength else { return Self.wrongLength }
        let file = selectedFile == .ndef ? ndefFile : capabilityContainerFile
        guard apdu.p1 & 0x80 == 0 else { return Self.wrongParameters }
        let offset = Int(apdu.p1) << 8 | Int(apdu.p2)
        guard offset <= file.count else { return Self.offsetOutOfRange }
        let end = min(file.count, offset + expected)
        return Array(file[offset..<end]) + Self.ok
    }

    /// UPDATE BINARY of the NDEF file: the data lands at once, so a reader that stops half-way leaves what it wrote
    /// (after its NLEN 0, an empty file).
    private mutating func updateBinary(_ apdu: APDU) -> [UInt8] {
        guard applicationSelected, let selectedFile else { return Self.noCurrentFile }
        guard selectedFile == .ndef, configuration.isWritable else { return Self.securityNotSatisfied }
        guard apdu.p1 & 0x80 == 0 else { return Self.wrongParameters }
        guard !apdu.data.isEmpty, apdu.expectedLength == nil, apdu.data.count <= configuration.maximumCommandLength
        else { return Self.wrongLength }
        let offset = Int(apdu.p1) << 8 | Int(apdu.p2)
        guard offset <= ndefFile.count else { return Self.offsetOutOfRange }
        guard offset + apdu.data.count <= ndefFile.count else { return Self.notEnoughMemory }
        ndefFile.replaceSubrange(offset..<offset + apdu.data.count, with: apdu.data)
        let fieldSize = configuration.mappingVersion == .v3 ? 4 : 2
        if offset < fieldSize, ndefFile.prefix(fieldSize).contains(where: { $0 != 0 }) {
            completedNDEFWrites += 1
        }
        return Self.ok
    }
}
