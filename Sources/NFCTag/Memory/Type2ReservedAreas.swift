/// Data-area bytes set aside by Lock Control and Memory Control TLVs, which the TLV walk and the NDEF
/// value skip.
///
/// A control TLV's value is `[PageAddr << 4 | ByteOffset, Size, BytesLockedPerBit << 4 | log2(BytesPerPage)]`.
/// The area starts at tag byte `PageAddr × 2^log2(BytesPerPage) + ByteOffset`; it is `Size` bytes long for
/// Memory Control and `⌈Size / 8⌉` bytes (one bit per lock bit) for Lock Control, a size of 0 meaning 256.
/// The tag byte address is moved to data-area coordinates (minus 16) and clipped to the data area, so an
/// area outside it (the usual case: NTAG dynamic lock bytes follow the data area) changes nothing.
struct Type2ReservedAreas {
    /// Non-overlapping, sorted data-area ranges.
    private(set) var ranges: [Range<Int>] = []

    /// Adds the area described by a control TLV value (3 bytes) if it intersects `0..<dataAreaSize`.
    mutating func add(controlValue value: (UInt8, UInt8, UInt8), isLock: Bool, dataAreaSize: Int) {
        let pageAddress = Int(value.0 >> 4)
        let byteOffset = Int(value.0 & 0x0F)
        let bytesPerPage = 1 << Int(value.2 & 0x0F)
        let rawSize = value.1 == 0 ? 256 : Int(value.1)
        let size = isLock ? (rawSize + 7) / 8 : rawSize
        let start = pageAddress * bytesPerPage + byteOffset - 16
        let lower = max(start, 0)
        let upper = min(start + size, dataAreaSize)
        guard lower < upper else { return }
        insert(lower..<upper)
    }

    private mutating func insert(_ range: Range<Int>) {
        var merged = range
        var kept: [Range<Int>] = []
        for existing in ranges {
            if existing.upperBound < merged.lowerBound || merged.upperBound < existing.lowerBound {
                kept.append(existing)
            } else {
                merged = min(existing.lowerBound, merged.lowerBound)..<max(existing.upperBound, merged.upperBound)
            }
        }
        kept.append(merged)
        ranges = kept.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The first data-area position at or after `position` that is not reserved.
    func skipping(from position: Int) -> Int {
        var position = position
        for range in ranges where range.contains(position) {
            position = range.upperBound
        }
        return position
    }

    /// The data-area ranges holding `count` usable bytes from `start`, or `nil` when they run past `limit`.
    func segments(from start: Int, count: Int, limit: Int) -> [Range<Int>]? {
        var segments: [Range<Int>] = []
        var position = skipping(from: start)
        var remaining = count
        while remaining > 0 {
            let nextReserved = ranges.first { $0.lowerBound > position }?.lowerBound ?? Int.max
            let end = min(position + remaining, nextReserved)
            guard end <= limit else { return nil }
            segments.append(position..<end)
            remaining -= end - position
            position = skipping(from: end)
        }
        if segments.isEmpty { segments.append(position..<position) }
        return segments
    }
}
