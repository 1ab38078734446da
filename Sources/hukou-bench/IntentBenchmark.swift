import Foundation
import HukouIntent
import NDEF

/// `hukou-bench intent`: the cost of checking one tap (NDEF decode + JWS verify + claims decode + field validation
/// + nonce claim), beside its parts measured alone in the same run.
enum IntentBenchmark {
    static func run(iterations: Int = 5000) async throws {
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
            policy: .default,
            nonces: InMemorySeenNonceStore()
        )
        let sample = try NDEFMessage(decoding: messages[0])
        let intentPayload = sample.records[1].payload
        let jws = try CompactJWS(intentPayload)
        guard let trusted = keys.key(for: jws.keyID) else { return }

        print(
            "hukou-bench intent: \(iterations) taps; phone intent \(intentPayload.count) B (Ed25519 JWS), NDEF \(messages[0].count) B"
        )
        print(pad("measure", 48) + pad("p50 µs", 10) + pad("p99 µs", 10) + "max µs")
        var results: [(String, Stats)] = []
        results.append(
            (
                "baseline: Ed25519 verify alone",
                measure(iterations) { _ in
                    _ = trusted.isValidSignature(jws.signature, for: jws.signingInput)
                }
            )
        )
        results.append(
            (
                "baseline: claims JSON decode alone",
                measure(iterations) { _ in
                    _ = try? IntentClaims.decode(jws.payload)
                }
            )
        )
        results.append(
            (
                "baseline: NDEF decode alone",
                measure(iterations) { index in
                    _ = try? NDEFMessage(decoding: messages[index])
                }
            )
        )
        results.append(
            (
                "unsigned service card: decode + check",
                measure(iterations) { _ in
                    _ = try? verifier.evaluate(try NDEFMessage(decoding: card), now: now)
                }
            )
        )
        results.append(
            (
                "phone: decode + validate + verify (no nonce)",
                measure(iterations) { index in
                    _ = try? verifier.evaluate(try NDEFMessage(decoding: messages[index]), now: now)
                }
            )
        )
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        var accepted = 0
        let clock = ContinuousClock()
        for index in 0..<iterations {
            let start = clock.now
            if let message = try? NDEFMessage(decoding: messages[index]),
                (try? await verifier.check(message, now: now)) != nil
            {
                accepted += 1
            }
            samples.append(microseconds(clock.now - start))
        }
        let perTap = Stats(samples)
        results.append(("phone per tap: full check incl. nonce claim", perTap))
        for (name, stats) in results {
            print(pad(name, 48) + pad(format(stats.p50), 10) + pad(format(stats.p99), 10) + format(stats.max))
        }
        print(
            "accepted \(accepted)/\(iterations); goal p99 < 1000 µs per tap: \(perTap.p99 < 1000 ? "met" : "NOT met")"
        )
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

    static func measure(_ iterations: Int, _ body: (Int) -> Void) -> Stats {
        let clock = ContinuousClock()
        for index in 0..<min(200, iterations) { body(index) }  // warm-up
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        for index in 0..<iterations {
            let start = clock.now
            body(index)
            samples.append(microseconds(clock.now - start))
        }
        return Stats(samples)
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
