import Synchronization

extension NDEFDecoder {
    /// The type fields most recently decoded in this process, shared by every decoder: a record whose type
    /// bytes are already here gets the same array back instead of a new allocation. The few types a counter
    /// sees (`mps.gov.cn:hukou`, `android.com:pkg`, MIME types) are decoded on every tap, so after the first
    /// tap they cost a comparison, not an allocation and a free.
    ///
    /// Bounded: at most ``TypeTable/capacity`` entries of at most 255 bytes, replaced in turn, so input full
    /// of new types only costs the allocations it would cost anyway. Arrays are immutable copy-on-write
    /// values, so sharing one is invisible to callers. Only types are kept, never IDs or payloads: a type
    /// names a format, not a person.
    static let sharedTypes = Mutex(TypeTable())

    /// The type field of `count` bytes at `start` in `bytes` (the caller checked the range), from the shared
    /// table or newly allocated and then added to it.
    static func sharedType(_ bytes: [UInt8], at start: Int, count: Int) -> [UInt8] {
        sharedTypes.withLock { $0.field(bytes, at: start, count: count) }
    }

    /// The storage behind ``sharedTypes``.
    struct TypeTable: Sendable {
        /// How many types are kept.
        static let capacity = 16
        private var entries: [[UInt8]] = []
        private var next = 0

        mutating func field(_ bytes: [UInt8], at start: Int, count: Int) -> [UInt8] {
            var index = 0
            while index < entries.count {
                if entries[index].count == count && Self.equal(entries[index], bytes, start) { return entries[index] }
                index += 1
            }
            let fresh = Array(bytes[start..<start + count])
            if entries.count < Self.capacity {
                entries.append(fresh)
            } else {
                entries[next] = fresh
                next = (next + 1) % Self.capacity
            }
            return fresh
        }

        /// Whether `entry` equals the bytes at `start` in `bytes` (plain indexing, no slice).
        private static func equal(_ entry: [UInt8], _ bytes: [UInt8], _ start: Int) -> Bool {
            var index = 0
            while index < entry.count {
                if bytes[start + index] != entry[index] { return false }
                index += 1
            }
            return true
        }
    }
}
