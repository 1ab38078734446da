// libFuzzer target for the Type 2 TLV walk and image decoding, compiled by scripts/fuzz.sh against an
// NDEF module built with the same instrumentation.
//
// The entry point receives a C buffer; it is copied into an Array at once and no pointer goes further.
// A trap here is the finding: a crash, or a scan result that breaks its contract.

import NDEF

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzType2Memory(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let image = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? Type2Memory.ndefMessage(image: image)
    guard image.count >= 17 else { return 0 }
    // Walk the data area as a reader would, from a partial read up to the whole image.
    let dataAreaSize = Int(image[14]) * 8
    let dataArea = Array(image[16...])
    var available = min(16, dataArea.count)
    // Each needMore asks for at least one more byte, so the walk ends within dataAreaSize + 1 steps.
    let maximumSteps = dataAreaSize + 2
    var steps = 0
    while steps < maximumSteps {
        steps += 1
        let prefix = Array(dataArea[..<available])
        guard let scan = try? Type2TLVScanner.scan(prefix, dataAreaSize: dataAreaSize) else { break }
        switch scan {
        case .needMore(let count):
            if count <= available || count > dataAreaSize {
                fatalError("needMore(\(count)) with \(available) of \(dataAreaSize) bytes")
            }
            guard count <= dataArea.count else { return 0 }
            available = count
            continue
        case .ndef, .ndefSegments:
            for range in scan.ndefRanges ?? [] where range.lowerBound < 0 || range.upperBound > available {
                fatalError("range \(range) outside \(available) bytes")
            }
            if scan.ndefValue(in: prefix) == nil { fatalError("value not gathered") }
        case .noNDEF:
            break
        }
        break
    }
    if steps >= maximumSteps { fatalError("the walk does not converge") }
    return 0
}
