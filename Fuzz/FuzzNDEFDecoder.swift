// libFuzzer target for the NDEF decoder, compiled together with Sources/NDEF by scripts/fuzz.sh.
//
// The entry point receives a C buffer; it is copied into an Array at once and no pointer goes further.
// A trap here is the finding: the decoder crashed, or a message it accepted does not survive
// encode → decode unchanged.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNDEFDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let strict = NDEFDecodingOptions()
    let small = NDEFDecodingOptions(maximumPayloadSize: 64, maximumRecordCount: 4, maximumNestingDepth: 1)
    _ = try? NDEFMessage(decoding: bytes, options: small)
    _ = try? NDEFMessage(decoding: bytes, options: NDEFDecodingOptions(validatesWellKnownRecords: false))
    guard let message = try? NDEFMessage(decoding: bytes, options: strict) else { return 0 }
    for record in message.records {
        _ = try? record.decodeText()
        _ = try? record.decodeURI()
        _ = try? record.decodeSmartPoster()
    }
    for encoding in [NDEFEncodingOptions(), NDEFEncodingOptions(chunkSize: 3, usesShortRecords: false)] {
        guard let encoded = try? message.encoded(options: encoding),
            let again = try? NDEFMessage(decoding: encoded, options: strict),
            again == message
        else {
            fatalError("round trip failed for \(Hex.encode(bytes))")
        }
    }
    return 0
}
