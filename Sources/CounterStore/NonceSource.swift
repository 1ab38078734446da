import Crypto
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Random AES-GCM nonces drawn from the kernel's CSPRNG in blocks.
///
/// `AES.GCM.seal` without a nonce asks the kernel for 12 random bytes on every call (a `getrandom`
/// system call, twice per tap). This takes them from a buffer refilled 3 KiB at a time with
/// `getentropy` (the same kernel generator), so nonces stay independent, uniformly random 96-bit values;
/// each is handed out exactly once. Nonces are not secret: each is stored beside its ciphertext.
final class NonceSource: Sendable {
    private static let nonceBytes = 12
    private static let blockBytes = 256 * 12  // 3 KiB: at most 256 bytes per getentropy call, 12 per nonce

    private let buffer = Mutex((bytes: [UInt8](), next: 0))

    /// A fresh nonce never returned before, or `nil` if the kernel refused random bytes (the caller then
    /// lets AES-GCM draw its own).
    func next() -> AES.GCM.Nonce? {
        nextBytes().flatMap { try? AES.GCM.Nonce(data: $0) }
    }

    /// The 12 bytes of the next nonce (see ``next()``).
    func nextBytes() -> [UInt8]? {
        buffer.withLock { state -> [UInt8]? in
            if state.next + Self.nonceBytes > state.bytes.count {
                guard let fresh = Self.randomBytes(Self.blockBytes) else { return nil }
                state.bytes = fresh
                state.next = 0
            }
            defer { state.next += Self.nonceBytes }
            return Array(state.bytes[state.next..<(state.next + Self.nonceBytes)])
        }
    }

    /// `count` bytes from the kernel's CSPRNG (non-blocking once it is seeded, which it is after boot).
    private static func randomBytes(_ count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        let filled = bytes.withUnsafeMutableBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return false }
            var offset = 0
            while offset < count {
                let chunk = min(256, count - offset)  // getentropy's limit per call
                guard getentropy(base + offset, chunk) == 0 else { return false }
                offset += chunk
            }
            return true
        }
        return filled ? bytes : nil
    }
}
