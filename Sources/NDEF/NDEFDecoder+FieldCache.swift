extension NDEFDecoder {
    /// The last few distinct type and ID fields of a message, handed out again when a later record repeats one,
    /// so a message allocates each distinct field once however many records carry it (arrays are copy-on-write
    /// values, so sharing is invisible to callers). It lives only as long as one decoding.
    ///
    /// Four slots, replaced in turn: a miss only costs the allocation it would have cost anyway. Comparing is
    /// plain indexing, at most 255 bytes a slot. Unused slots stay `nil`, so a message without IDs pays
    /// nothing to drop the cache.
    struct FieldCache {
        private var slot0: [UInt8]?
        private var slot1: [UInt8]?
        private var slot2: [UInt8]?
        private var slot3: [UInt8]?
        private var next = 0

        /// The field of `count` bytes at `start` in `bytes` (the caller checked the range): a cached
        /// array with the same bytes, or a new one, which is then cached.
        mutating func field(_ bytes: [UInt8], at start: Int, count: Int) -> [UInt8] {
            if count == 0 { return [] }
            if let slot = slot0, Self.matches(slot, bytes, start, count) { return slot }
            if let slot = slot1, Self.matches(slot, bytes, start, count) { return slot }
            if let slot = slot2, Self.matches(slot, bytes, start, count) { return slot }
            if let slot = slot3, Self.matches(slot, bytes, start, count) { return slot }
            let fresh = Array(bytes[start..<start + count])
            switch next {
            case 0: slot0 = fresh
            case 1: slot1 = fresh
            case 2: slot2 = fresh
            default: slot3 = fresh
            }
            next = (next + 1) & 3
            return fresh
        }

        /// Whether `candidate` equals the `count` bytes at `start` in `bytes`.
        private static func matches(_ candidate: [UInt8], _ bytes: [UInt8], _ start: Int, _ count: Int) -> Bool {
            guard candidate.count == count else { return false }
            var index = 0
            while index < count {
                if bytes[start + index] != candidate[index] { return false }
                index += 1
            }
            return true
        }
    }
}
