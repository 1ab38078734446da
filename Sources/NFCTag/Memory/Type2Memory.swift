public import NDEF

/// Decoding of a Type 2 tag memory image (page 0 onwards) into its NDEF message.
public enum Type2Memory {
    /// The tag byte where the capability container starts (page 3).
    public static let capabilityContainerOffset = 12
    /// The tag byte where the data area starts (page 4).
    public static let dataAreaOffset = 16

    /// Decodes the NDEF message in a full or partial image from page 0; an NDEF TLV of length 0 gives an empty message.
    ///
    /// The access conditions of the CC are not enforced: the bytes were read already.
    ///
    /// - Parameters:
    ///   - image: tag memory from page 0 (UID, lock bytes, CC at bytes 12–15, data area from byte 16).
    ///   - options: limits for the NDEF decoder.
    /// - Throws: ``TagFormatError`` for a bad CC, TLV or a too-short image, and ``NDEFDecodingError`` for a bad
    ///   message; both with offsets in `image`.
    public static func ndefMessage(image: [UInt8], options: NDEFDecodingOptions = .init()) throws -> NDEFMessage {
        guard image.count >= dataAreaOffset else {
            throw TagFormatError(
                .truncatedImage,
                offset: image.count,
                "an image of \(image.count) bytes ends before the data area at byte \(dataAreaOffset)"
            )
        }
        let cc: Type2CapabilityContainer
        do {
            cc = try Type2CapabilityContainer(Array(image[capabilityContainerOffset..<dataAreaOffset]))
        } catch {
            throw TagFormatError(error.code, offset: capabilityContainerOffset + error.offset, error.message)
        }
        let dataArea = Array(image[dataAreaOffset...])
        let scan: Type2TLVScan
        do {
            scan = try Type2TLVScanner.scan(dataArea, dataAreaSize: cc.dataAreaSize)
        } catch {
            throw TagFormatError(error.code, offset: dataAreaOffset + error.offset, error.message)
        }
        switch scan {
        case .noNDEF:
            throw TagFormatError(
                .noNDEFMessage,
                offset: dataAreaOffset,
                "the TLV walk found no NDEF Message TLV before a Terminator or the end of the data area"
            )
        case .needMore(let count):
            throw TagFormatError(
                .truncatedImage,
                offset: image.count,
                "the image holds \(dataArea.count) data-area bytes but the TLV walk needs \(count)"
            )
        case .ndef, .ndefSegments:
            let ranges = scan.ndefRanges ?? []
            guard let value = scan.ndefValue(in: dataArea) else {
                throw TagFormatError(.truncatedImage, offset: image.count, "the image ends inside the NDEF TLV")
            }
            if value.isEmpty { return NDEFMessage(records: []) }
            do {
                return try NDEFMessage(decoding: value, options: options)
            } catch {
                throw NDEFDecodingError(
                    error.code,
                    offset: dataAreaOffset + dataAreaPosition(ofValueOffset: error.offset, in: ranges),
                    error.message
                )
            }
        }
    }

    /// Maps an offset in the gathered NDEF value to its data-area position (past the end maps past the last range).
    static func dataAreaPosition(ofValueOffset offset: Int, in ranges: [Range<Int>]) -> Int {
        var remaining = offset
        for range in ranges {
            if remaining < range.count { return range.lowerBound + remaining }
            remaining -= range.count
        }
        return (ranges.last?.upperBound ?? 0) + remaining
    }
}
