import Foundation
import HukouIntent
import NDEF

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `hukou-bench intent`: the cost of checking one tap (NDEF decode + JWS verify + claims decode + field validation
/// + nonce claim), beside its parts measured alone in the same run.
enum IntentBenchmark {
    /// Runs the benchmark from the synchronous `hukou-bench` dispatcher: the work runs in a task on the global
    /// executor while the main thread (not part of the cooperative pool) waits for it.
    static func run() throws {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                try await run(iterations: 5000)
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }

    /// The task's error, handed to the waiting thread.
    // @unchecked Sendable: written only by the task before it signals the semaphore, read only after the wait.
    private final class Outcome: @unchecked Sendable {
        var error: (any Error)?
    }

    static func run(iterations: Int) async throws {
        let key = try IntentSigningKey.generate(keyID: "bench-2026")
        let keys = try TrustedKeySet(jwks: key.trustedKeySetJSON())
        let now = Date()
        let data = [
            "name": "阿依古丽·买买提", "id": "110101199003070011", "renew_reason": "expiring",
            "delivery_addr": "重庆市涪陵区李渡街道2号",
        ]
        // Distinct nonces, so every full check claims a fresh one as a real tap would.
        var messages: [[UInt8]] = []
        messages.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let draft = IntentDraft.phone(business: "ID_RENEW", data: data, issuedAt: now)
            let payload = try await draft.signedPayload(with: key)
            messages.append(
                try IntentDraft.message(
                    payload: payload,
                    uri: "https://hukou.example.gov.cn/a",
                    androidPackage: "cn.example"
                )
                .encoded()
            )
        }
        let card = try IntentDraft.message(
            payload: IntentDraft.serviceCard(business: "ID_RENEW", window: 3).unsignedPayload()
        )
        .encoded()
        let verifier = IntentVerifier(
            catalog: .default,
            trustedKeys: keys,
            policy: .default
        )
        let sample = try NDEFMessage(decoding: messages[0])
        let intentPayload = sample.records[1].payload
        let jws = try CompactJWS(intentPayload)
        guard let trusted = keys.key(for: jws.keyID) else { return }

        print("hukou-bench intent: \(iterations) taps; phone intent \(intentPayload.count) B (Ed25519 JWS)")
        print("Measures run interleaved, one round each per tap, so every line sees the same machine load.")
        print("wall = elapsed time (includes preemption); cpu = process CPU time (the code's own cost).")
        let measures: [(String, (Int) -> Void)] = [
            (
                "baseline: Ed25519 verify alone",
                { _ in _ = trusted.isValidSignature(jws.signature, for: jws.signingInput) }
            ),
            ("baseline: claims JSON decode alone", { _ in _ = try? IntentClaims.decode(jws.payload) }),
            ("baseline: NDEF decode alone", { index in _ = try? NDEFMessage(decoding: messages[index]) }),
            (
                "unsigned service card: decode + check",
                { _ in
                    _ = try? verifier.verify(try NDEFMessage(decoding: card), now: now)
                }
            ),
            (
                "phone: decode + validate + verify",
                { index in
                    _ = try? verifier.verify(try NDEFMessage(decoding: messages[index]), now: now)
                }
            ),
        ]
        var wall = [[Double]](repeating: [], count: measures.count + 1)
        var cpu = [[Double]](repeating: [], count: measures.count)
        var accepted = 0
        let clock = ContinuousClock()
        for index in 0..<min(200, iterations) { for (_, body) in measures { body(index) } }  // warm-up
        for index in 0..<iterations {
            for (slot, (_, body)) in measures.enumerated() {
                let cpuStart = processCPUMicroseconds()
                let start = clock.now
                body(index)
                wall[slot].append(microseconds(clock.now - start))
                cpu[slot].append(processCPUMicroseconds() - cpuStart)
            }
            let start = clock.now
            if let message = try? NDEFMessage(decoding: messages[index]),
                (try? verifier.verify(message, now: now)) != nil
            {
                accepted += 1
            }
            wall[measures.count].append(microseconds(clock.now - start))
        }
        print(pad("measure", 48) + pad("wall p50", 10) + pad("wall p99", 10) + pad("cpu p50", 10) + "cpu p99  (µs)")
        for (slot, (name, _)) in measures.enumerated() {
            let w = Stats(wall[slot])
            let c = Stats(cpu[slot])
            print(
                pad(name, 48) + pad(format(w.p50), 10) + pad(format(w.p99), 10) + pad(format(c.p50), 10) + format(c.p99)
            )
        }
        let perTap = Stats(wall[measures.count])
        print(
            pad("phone per tap: full check incl. nonce claim", 48) + pad(format(perTap.p50), 10)
                + pad(format(perTap.p99), 10) + "(async: wall only)"
        )
        print(
            "accepted \(accepted)/\(iterations); goal p99 < 1000 µs per tap (wall): \(perTap.p99 < 1000 ? "met" : "NOT met")"
        )
    }

    /// CPU time consumed by this process, in microseconds (POSIX `clock()`; CLOCKS_PER_SEC is 10⁶). The
    /// synchronous measures run on one thread while the others idle, so this is their own cost.
    static func processCPUMicroseconds() -> Double {
        Double(clock()) * 1e6 / Double(CLOCKS_PER_SEC)
    }

    struct Stats {
        let p50: Double
        let p99: Double
        let max: Double

        init(_ samples: [Double]) {
            let sorted = samples.sorted()
            func percentile(_ p: Double) -> Double {
                sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
            }
            p50 = percentile(0.50)
            p99 = percentile(0.99)
            max = sorted.last ?? 0
        }
    }

    static func microseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
