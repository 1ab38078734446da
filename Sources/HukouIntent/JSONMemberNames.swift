/// Finds the first JSON object member name that appears twice in one object (RFC 8259 §4 leaves duplicates
/// undefined; RFC 7519 §4 lets a JWT parser reject them, which this counter does).
///
/// Foundation's `JSONDecoder` silently keeps one of the values, so a signer and this counter could read different
/// values from one signed intent. This scanner walks the bytes once before decoding: names are compared after
/// their escapes are decoded (`"a"` and `"\u0061"` are the same name) and as Swift strings (canonically equivalent
/// names collide too, as they would in the decoder's dictionary). It only looks for duplicates: malformed JSON is
/// left for the decoder to report, so the scan stops quietly at the first byte it does not expect.
enum JSONMemberNames {
    /// Deeper nesting is reported as malformed JSON by the decoder; the scanner gives up there too.
    static let maximumDepth = 64

    /// The dotted path of the first repeated member name (`"data.name"`, `"svc"`), or `nil` if there is none.
    static func firstDuplicate(in bytes: [UInt8]) -> String? {
        var scanner = Scanner(bytes: bytes)
        scanner.skipSpace()
        return (try? scanner.value(path: "", depth: 0)) ?? nil
    }

    /// Not an error a caller sees: the scan stopped at input it does not understand.
    private struct Stop: Error {}

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(Stop) {
            guard index < bytes.count, bytes[index] == byte else { throw Stop() }
            index += 1
        }

        /// Skips one value; returns the first duplicate found inside it.
        mutating func value(path: String, depth: Int) throws(Stop) -> String? {
            guard index < bytes.count, depth < JSONMemberNames.maximumDepth else { throw Stop() }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(path: path, depth: depth + 1)
            case UInt8(ascii: "["): return try array(path: path, depth: depth + 1)
            case UInt8(ascii: "\""): _ = try string()
            default:
                // A number, true, false or null: skip to the next structural character.
                while index < bytes.count, !",]} \t\r\n".utf8.contains(bytes[index]) { index += 1 }
            }
            return nil
        }

        mutating func object(path: String, depth: Int) throws(Stop) -> String? {
            try expect(UInt8(ascii: "{"))
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return nil
            }
            var names = Set<String>()
            while true {
                skipSpace()
                let name = try string()
                let memberPath = path.isEmpty ? name : path + "." + name
                if !names.insert(name).inserted { return memberPath }
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                if let duplicate = try value(path: memberPath, depth: depth) { return duplicate }
                skipSpace()
                guard index < bytes.count else { throw Stop() }
                index += 1
                switch bytes[index - 1] {
                case UInt8(ascii: ","): continue
                case UInt8(ascii: "}"): return nil
                default: throw Stop()
                }
            }
        }

        mutating func array(path: String, depth: Int) throws(Stop) -> String? {
            try expect(UInt8(ascii: "["))
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return nil
            }
            var element = 0
            while true {
                skipSpace()
                if let duplicate = try value(path: "\(path)[\(element)]", depth: depth) { return duplicate }
                element += 1
                skipSpace()
                guard index < bytes.count else { throw Stop() }
                index += 1
                switch bytes[index - 1] {
                case UInt8(ascii: ","): continue
                case UInt8(ascii: "]"): return nil
                default: throw Stop()
                }
            }
        }

        /// A string literal, escapes decoded.
        mutating func string() throws(Stop) -> String {
            try expect(UInt8(ascii: "\""))
            var units: [UInt16] = []
            var plain: [UInt8] = []
            func flushPlain() {
                units += String(decoding: plain, as: UTF8.self).utf16
                plain.removeAll(keepingCapacity: true)
            }
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    flushPlain()
                    return String(decoding: units, as: UTF16.self)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { throw Stop() }
                    let escape = bytes[index]
                    index += 1
                    flushPlain()
                    switch escape {
                    case UInt8(ascii: "u"):
                        guard index + 4 <= bytes.count,
                            let unit = UInt16(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
                        else { throw Stop() }
                        index += 4
                        units.append(unit)
                    case UInt8(ascii: "b"): units.append(0x08)
                    case UInt8(ascii: "f"): units.append(0x0C)
                    case UInt8(ascii: "n"): units.append(0x0A)
                    case UInt8(ascii: "r"): units.append(0x0D)
                    case UInt8(ascii: "t"): units.append(0x09)
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): units.append(UInt16(escape))
                    default: throw Stop()
                    }
                default:
                    plain.append(byte)
                }
            }
            throw Stop()
        }
    }
}
