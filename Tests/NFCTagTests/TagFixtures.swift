import NDEF
import NFCTag

/// Test-local builders for tag memory, written from the NFC Forum layouts (not from the emulator models).
enum TagFixtures {
    static let ntag213Version: [UInt8] = [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x0F, 0x03]
    static let ntag215Version: [UInt8] = [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x11, 0x03]
    static let ntag216Version: [UInt8] = [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x13, 0x03]
    static let limits252 = TransceiverLimits(maximumCommandLength: 252, maximumResponseLength: 252)
    static let type2Target = DetectedTarget(
        uid: [0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0x80],
        sensRes: [0x00, 0x44],
        selRes: 0x00
    )
    static let type4Target = DetectedTarget(uid: [0x08, 0x12, 0x34, 0x56], sensRes: [0x00, 0x04], selRes: 0x20)

    /// A message of one URI record whose encoding is exactly `size` bytes (size ≥ 5).
    static func message(encodedSize size: Int) throws -> (NDEFMessage, [UInt8]) {
        // Short record: header, type length, payload length, type "U" → 4 bytes + payload; long: 7 + payload.
        let payloadSize = size <= 4 + 255 ? size - 4 : size - 7
        let host = String(repeating: "a", count: payloadSize - 1)
        let message = NDEFMessage(records: [
            NDEFRecord(typeNameFormat: .wellKnown, type: "U", payload: [0x04] + Array(host.utf8))
        ])
        let bytes = try message.encoded()
        return (message, bytes)
    }

    /// A Type 2 memory image: UID pages, the CC, then `tlvs` from byte 16, zero-filled to `pages`.
    static func type2Image(pages: Int, cc: [UInt8], tlvs: [UInt8]) -> [UInt8] {
        var image = [UInt8](repeating: 0, count: pages * 4)
        image.replaceSubrange(0..<12, with: [0x04, 0xA1, 0xB2, 0x9F, 0xC3, 0xD4, 0xE5, 0x80, 0x72, 0x48, 0x00, 0x00])
        image.replaceSubrange(12..<16, with: cc)
        image.replaceSubrange(16..<16 + tlvs.count, with: tlvs)
        return image
    }

    /// The NDEF TLV for `bytes` followed by a Terminator.
    static func ndefTLV(_ bytes: [UInt8]) -> [UInt8] {
        let length: [UInt8] =
            bytes.count < 0xFF ? [UInt8(bytes.count)] : [0xFF, UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)]
        return [0x03] + length + bytes + [0xFE]
    }

    /// Pages `first...last` of an image (what FAST_READ returns).
    static func pages(_ image: [UInt8], _ first: Int, _ last: Int) -> [UInt8] {
        Array(image[first * 4..<(last + 1) * 4])
    }

    /// What READ `30 page` returns: 4 pages, rolling over to page 0.
    static func read(_ image: [UInt8], _ page: Int) -> [UInt8] {
        let count = image.count / 4
        return (0..<4).flatMap { step in pages(image, (page + step) % count, (page + step) % count) }
    }

    static let ok: [UInt8] = [0x90, 0x00]
    static let selectV2: [UInt8] = [0x00, 0xA4, 0x04, 0x00, 0x07, 0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01, 0x00]
    static let selectV1: [UInt8] = [0x00, 0xA4, 0x04, 0x00, 0x07, 0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x00]
    static let selectCC: [UInt8] = [0x00, 0xA4, 0x00, 0x0C, 0x02, 0xE1, 0x03]
    static let selectNDEF: [UInt8] = [0x00, 0xA4, 0x00, 0x0C, 0x02, 0xE1, 0x04]

    /// A v2.0 CC file with the given MLe and maximum NDEF file size.
    static func ccV2(mle: Int, maxSize: Int, version: UInt8 = 0x20) -> [UInt8] {
        [
            0x00, 0x0F, version, UInt8(mle >> 8), UInt8(mle & 0xFF), 0x00, 0xFF, 0x04, 0x06, 0xE1, 0x04,
            UInt8(maxSize >> 8), UInt8(maxSize & 0xFF), 0x00, 0xFF,
        ]
    }

    static func readBinary(_ offset: Int, _ length: Int) -> [UInt8] {
        [0x00, 0xB0, UInt8(offset >> 8), UInt8(offset & 0xFF), UInt8(length & 0xFF)]
    }
}
