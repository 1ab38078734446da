// libFuzzer target for the control socket's input side: the line decoder's framing (`nextFrame`, the part of the
// `ByteToMessageDecoder` that is not channel plumbing, fed the input cut into chunks as a socket would deliver it,
// and called again until it needs more, as `ByteToMessageHandler` does) and the request decoder behind it. Compiled
// by scripts/fuzz.sh together with those files of CounterDaemon.
//
// The first input byte sets the chunk size; the rest is the byte stream. The entry point receives a C buffer; it is
// copied into an Array at once and no pointer goes further. A trap here is the finding: a crash, a line longer than
// the limit or holding a newline, or lines that are not the stream's own bytes.

import NIOCore

/// A small limit, so the fuzzer reaches the overflow path with short inputs.
private let maximumLength = 512

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzControlLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = input.first else { return 0 }
    let chunk = Int(first % 64) + 1
    let stream = Array(input.dropFirst())
    var decoder = ControlLineDecoder(maximumLength: maximumLength)
    var buffer = ByteBuffer()
    var lines: [[UInt8]] = []
    var tooLong = 0
    var offset = 0
    while offset < stream.count {
        let end = min(offset + chunk, stream.count)
        buffer.writeBytes(stream[offset..<end])
        while let frame = decoder.nextFrame(&buffer) {
            switch frame {
            case .line(let line): lines.append(Array(line.readableBytesView))
            case .tooLong: tooLong += 1
            }
        }
        buffer.discardReadBytes()
        offset = end
    }
    if tooLong > 1 { fatalError("tooLong emitted \(tooLong) times") }
    var rebuilt: [UInt8] = []
    for (index, line) in lines.enumerated() {
        if line.count > maximumLength { fatalError("a line of \(line.count) bytes passed the limit") }
        if line.contains(0x0A) { fatalError("a line holds a newline") }
        rebuilt += line + [0x0A]
        // The request decoder behind it, on the first lines (JSON decoding dominates the cost of an input).
        if index < 2 { _ = try? ControlRequest(line: line) }
    }
    if rebuilt != Array(stream.prefix(rebuilt.count)) { fatalError("lines are not the stream's bytes") }
    return 0
}
