import Crypto
import Foundation
import Synchronization

/// Random 96-bit AES-GCM nonces, handed out from a buffer so sealing does not cost a system call.
///
/// On Linux every random draw (`AES.GCM.Nonce()`, `SymmetricKey(size:)`, `SystemRandomNumberGenerator`)
/// is a `getrandom` system call per 8 bytes, so letting `AES.GCM.seal` pick its own nonce costs two
/// system calls per seal (four per tap). Instead, each refill takes a fresh 256-bit key and a 96-bit
/// nonce from the kernel's CSPRNG and expands them into 3 KiB with AES-256-CTR — the ciphertext of
/// zero bytes under AES-GCM, which is the CTR keystream (the same construction as NIST's CTR_DRBG).
/// Under a key used once and then dropped, that keystream is indistinguishable from uniform random
/// bytes, so every nonce is an independent-looking uniformly random 96-bit value; each is handed out
/// exactly once. Six `getrandom` calls serve 256 nonces. Nonces are not secret: each is stored beside
/// its ciphertext.
final class NonceSource: Sendable {
    private static let nonceBytes = 12
    private static let noncesPerBlock = 256
    /// The plaintext of a refill: its ciphertext is the keystream.
    private static let zeros = [UInt8](repeating: 0, count: nonceBytes * noncesPerBlock)

    private let buffer = Mutex((bytes: [UInt8](), next: 0))

    /// A fresh nonce never returned before.
    ///
    /// - Throws: ``CounterStoreError`` `.sealedDataUnreadable` if AES-GCM refuses to produce a refill.
    func next() throws -> AES.GCM.Nonce {
        do {
            return try AES.GCM.Nonce(data: nextBytes())
        } catch let error as CounterStoreError {
            throw error
        } catch {
            throw CounterStoreError(.sealedDataUnreadable, "cannot form an AES-GCM nonce: \(error)")
        }
    }

    /// The 12 bytes of the next nonce (see ``next()``).
    func nextBytes() throws -> [UInt8] {
        try buffer.withLock { state throws -> [UInt8] in
            if state.next + Self.nonceBytes > state.bytes.count {
                state.bytes = try Self.freshBlock()
                state.next = 0
            }
            defer { state.next += Self.nonceBytes }
            return Array(state.bytes[state.next..<(state.next + Self.nonceBytes)])
        }
    }

    /// 3 KiB of AES-256-CTR keystream under a one-time key and nonce from the kernel's CSPRNG.
    private static func freshBlock() throws -> [UInt8] {
        do {
            let box = try AES.GCM.seal(zeros, using: SymmetricKey(size: .bits256), nonce: AES.GCM.Nonce())
            let block = Array(box.ciphertext)
            guard block.count == zeros.count else {
                throw CounterStoreError(
                    .sealedDataUnreadable,
                    "nonce refill produced \(block.count) bytes instead of \(zeros.count)"
                )
            }
            return block
        } catch let error as CounterStoreError {
            throw error
        } catch {
            throw CounterStoreError(.sealedDataUnreadable, "cannot refill the nonce buffer: \(error)")
        }
    }
}
