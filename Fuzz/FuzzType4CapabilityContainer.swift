// libFuzzer target for the Type 4 capability container parser, compiled by scripts/fuzz.sh against an NDEF module
// built with the same instrumentation.
//
// The entry point receives a C buffer; it is copied into an Array at once and no pointer goes further.
// A trap here is the finding: a crash, or an accepted container that breaks its documented bounds.

import NDEF

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzType4CapabilityContainer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let container = try? Type4CapabilityContainer(bytes) else { return 0 }
    let major = container.mappingVersion >> 4
    guard major == 2 || major == 3 else { fatalError("mapping version \(container.mappingVersion) accepted") }
    guard container.maximumResponseLength >= 0x0F, container.maximumCommandLength >= 1 else {
        fatalError("frame sizes \(container.maximumResponseLength)/\(container.maximumCommandLength) accepted")
    }
    guard container.lengthFieldSize == 2 || container.lengthFieldSize == 4 else {
        fatalError("length field of \(container.lengthFieldSize) bytes")
    }
    guard container.maximumNDEFFileSize > container.lengthFieldSize else {
        fatalError("an NDEF file of \(container.maximumNDEFFileSize) bytes cannot hold a message")
    }
    return 0
}
