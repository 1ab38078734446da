/// The TLV walk over the data area of an NFC Forum Type 2 tag, pure and incremental.
///
/// TLVs: `00` NULL (no length), `01` Lock Control and `02` Memory Control (length 3; their areas are
/// skipped from then on, see ``Type2ReservedAreas``), `03` NDEF Message, `FD` Proprietary (skipped),
/// `FE` Terminator (no length). A length is one byte `00`–`FE`, or `FF` followed by two big-endian bytes.
/// Any other tag is reserved and rejected: on real tags it means vendor data under an NDEF CC, or a bare
/// NDEF message with no TLV, and skipping it by its "length" can land on a false NDEF TLV.
public enum Type2TLVScanner {
    /// Walks TLVs over the data-area bytes read so far (`dataArea` may be shorter than `dataAreaSize`).
    ///
    /// - Parameters:
    ///   - dataArea: the bytes read from tag byte 16 on; bytes past `dataAreaSize` are ignored.
    ///   - dataAreaSize: the data-area size from the capability container.
    /// - Returns: where the NDEF value lies, how many data-area bytes the walk needs next, or that there is no NDEF TLV.
    /// - Throws: ``TagFormatError`` with a data-area offset: a TLV running past the data area
    ///   (``TagFormatError/Code/tlvOverrun``), a control TLV of the wrong length, a reserved TLV tag.
    public static func scan(_ dataArea: [UInt8], dataAreaSize: Int) throws(TagFormatError) -> Type2TLVScan {
        let size = max(dataAreaSize, 0)
        var reserved = Type2ReservedAreas()
        var position = 0

        /// The next usable position at or after `from`, or a reason to stop.
        enum Step {
            case byte(UInt8, at: Int)
            case needMore(Int)
            case end
        }
        func byte(at from: Int) -> Step {
            let at = reserved.skipping(from: from)
            guard at < size else { return .end }
            guard at < dataArea.count else { return .needMore(at + 1) }
            return .byte(dataArea[at], at: at)
        }

        while true {
            let tag: UInt8
            let tagOffset: Int
            switch byte(at: position) {
            case .end: return .noNDEF
            case .needMore(let count): return .needMore(count)
            case .byte(let value, let at):
                tag = value
                tagOffset = at
            }
            position = tagOffset + 1
            switch tag {
            case 0x00:
                continue
            case 0xFE:
                return .noNDEF
            case 0x01, 0x02, 0x03, 0xFD:
                break
            default:
                throw TagFormatError(
                    .unknownTLV,
                    offset: tagOffset,
                    "TLV tag 0x\(hex(tag)) is reserved: the data area does not hold NDEF TLVs"
                )
            }

            // The length: one byte, or FF and two more bytes.
            var lengthBytes: [UInt8] = []
            while lengthBytes.count < (lengthBytes.first == 0xFF ? 3 : 1) {
                switch byte(at: position) {
                case .end:
                    throw TagFormatError(
                        .tlvOverrun,
                        offset: tagOffset,
                        "the length of TLV 0x\(hex(tag)) runs past the data area of \(size) bytes"
                    )
                case .needMore(let count): return .needMore(count)
                case .byte(let value, let at):
                    lengthBytes.append(value)
                    position = at + 1
                }
            }
            let length =
                lengthBytes.count == 3 ? Int(lengthBytes[1]) << 8 | Int(lengthBytes[2]) : Int(lengthBytes[0])

            guard let segments = reserved.segments(from: position, count: length, limit: size) else {
                throw TagFormatError(
                    .tlvOverrun,
                    offset: tagOffset,
                    "TLV 0x\(hex(tag)) of \(length) bytes runs past the data area of \(size) bytes"
                )
            }
            let valueEnd = segments.last?.upperBound ?? position

            switch tag {
            case 0x03:
                if valueEnd > dataArea.count { return .needMore(valueEnd) }
                return segments.count == 1 ? .ndef(segments[0]) : .ndefSegments(segments)
            case 0x01, 0x02:
                guard length == 3 else {
                    throw TagFormatError(
                        .invalidControlTLV,
                        offset: tagOffset,
                        "a \(tag == 0x01 ? "Lock" : "Memory") Control TLV has length \(length), not 3"
                    )
                }
                if valueEnd > dataArea.count { return .needMore(valueEnd) }
                var value: [UInt8] = []
                for segment in segments { value += dataArea[segment] }
                reserved.add(controlValue: (value[0], value[1], value[2]), isLock: tag == 0x01, dataAreaSize: size)
            default:
                break  // Proprietary: skipped without reading it.
            }
            position = valueEnd
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
