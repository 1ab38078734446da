public import Foundation

/// The seconds of audio in a PCM WAV file, from its header; `nil` if it is not one.
public func wavSeconds(_ data: Data) -> Double? {
    let bytes = [UInt8](data)
    guard bytes.count > 44, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8) else {
        return nil
    }
    func le32(_ at: Int) -> Int {
        Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
    }
    var offset = 12
    var byteRate = 0
    while offset + 8 <= bytes.count {
        let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
        let size = le32(offset + 4)
        if id == "fmt " { byteRate = le32(offset + 16) }
        if id == "data" {
            guard byteRate > 0 else { return nil }
            return Double(min(size, bytes.count - offset - 8)) / Double(byteRate)
        }
        offset += 8 + size + (size & 1)
    }
    return nil
}
