/// The outcome of walking the TLVs of a Type 2 tag's data area with ``Type2TLVScanner/scan(_:dataAreaSize:)``.
///
/// Ranges are data-area offsets (0 = tag byte 16) and never include reserved bytes named by a Lock
/// Control or Memory Control TLV.
public enum Type2TLVScan: Hashable, Sendable {
    /// The NDEF Message TLV's value lies in this range of the data area (empty for an NDEF TLV of length 0).
    case ndef(Range<Int>)
    /// The NDEF Message TLV's value is split by reserved areas; its bytes are these ranges, in order.
    case ndefSegments([Range<Int>])
    /// The walk needs the data area read up to this many bytes (from its start) to continue.
    case needMore(Int)
    /// A Terminator TLV, or the end of the data area, came before any NDEF Message TLV.
    case noNDEF

    /// The ranges holding the NDEF message value, in order; `nil` unless the scan found the NDEF TLV.
    public var ndefRanges: [Range<Int>]? {
        switch self {
        case .ndef(let range): [range]
        case .ndefSegments(let ranges): ranges
        case .needMore, .noNDEF: nil
        }
    }

    /// The NDEF message value gathered from `dataArea`, or `nil` unless the scan found the NDEF TLV and
    /// `dataArea` holds all of it.
    public func ndefValue(in dataArea: [UInt8]) -> [UInt8]? {
        guard let ranges = ndefRanges, ranges.allSatisfy({ $0.upperBound <= dataArea.count }) else { return nil }
        var value: [UInt8] = []
        value.reserveCapacity(ranges.reduce(0) { $0 + $1.count })
        for range in ranges { value += dataArea[range] }
        return value
    }
}
