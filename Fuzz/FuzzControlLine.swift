// libFuzzer target for the control socket's input side: the line decoder (driven through an EmbeddedChannel, with
// the input cut into chunks as a socket would deliver it) and the request decoder behind it. Compiled by
// scripts/fuzz.sh together with those files of CounterDaemon.
//
// The first input byte sets the chunk size; the rest is the byte stream. The entry point receives a C buffer; it is
// copied into an Array at once and no pointer goes further. A trap here is the finding: a crash, a line longer than
// the limit or holding a newline, or lines that are not the stream's own bytes.

import NIOCore
import NIOEmbedded

/// A small limit, so the fuzzer reaches the overflow path with short inputs.
private let maximumLength = 512

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzControlLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = input.first else { return 0 }
    let chunk = Int(first % 64) + 1
    let stream = Array(input.dropFirst())
    let channel = EmbeddedChannel(handler: ByteToMessageHandler(ControlLineDecoder(maximumLength: maximumLength)))
    var lines: [[UInt8]] = []
    var tooLong = 0
    var offset = 0
    func drain() {
        while let frame = try? channel.readInbound(as: ControlLineDecoder.Frame.self) {
            switch frame {
            case .line(let buffer): lines.append(Array(buffer.readableBytesView))
            case .tooLong: tooLong += 1
            }
        }
    }
    while offset < stream.count {
        let end = min(offset + chunk, stream.count)
        guard (try? channel.writeInbound(ByteBuffer(bytes: stream[offset..<end]))) != nil else { break }
        drain()
        offset = end
    }
    _ = try? channel.finish()
    drain()
    if tooLong > 1 { fatalError("tooLong emitted \(tooLong) times") }
    var rebuilt: [UInt8] = []
    for line in lines {
        if line.count > maximumLength { fatalError("a line of \(line.count) bytes passed the limit") }
        if line.contains(0x0A) { fatalError("a line holds a newline") }
        rebuilt += line + [0x0A]
        _ = try? ControlRequest(line: line)
    }
    if tooLong == 0, rebuilt != Array(stream.prefix(rebuilt.count)) { fatalError("lines are not the stream's bytes") }
    return 0
}
