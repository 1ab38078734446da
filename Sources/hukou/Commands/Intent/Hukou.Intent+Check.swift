import ArgumentParser
import Foundation
import HukouIntent
import NDEF

extension Hukou.Intent {
    /// `hukou intent check`.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Interpret an NDEF message: JSON on stdout (exit 0), or field-level reasons (exit 65).",
            discussion: "Personal fields are masked unless --reveal. Nothing is stored and no nonce is consumed."
        )

        /// The NDEF message.
        @OptionGroup var input: BytesInputOptions

        @Option(help: "Trusted-key set (JWK Set JSON). Default: none, so only unsigned service cards pass.")
        var keys: String?

        @Option(help: "The current instant (ISO 8601). Default: now.")
        var now: String?

        @Option(help: "The intent record's external type.")
        var recordType: String = IntentFormat.defaultRecordType

        @Flag(help: "Accept unsigned phone intents too (testing only).")
        var allowUnsignedPhone = false

        @Flag(help: "Show ID numbers, names and addresses in full.")
        var reveal = false

        @OptionGroup var catalogOptions: CatalogOptions

        func validate() throws { try input.requireGiven() }

        func run() async throws {
            let bytes = try input.bytes()
            let instant = try Hukou.instant(now)
            let trusted = try Hukou.Intent.loadKeys(keys)
            var policy = IntentPolicy(recordType: recordType)
            if allowUnsignedPhone { policy.unsignedProfiles.insert(.phone) }
            let verifier = IntentVerifier(
                catalog: try catalogOptions.load(),
                trustedKeys: trusted,
                policy: policy
            )
            do throws(IntentRejection) {
                let message: NDEFMessage
                do {
                    message = try NDEFMessage(decoding: bytes)
                } catch {
                    throw IntentRejection(reasons: [.malformedNDEF("\(error)")])
                }
                let intent = try verifier.verify(message, now: instant)
                Hukou.printJSON(Hukou.Intent.summary(of: intent, reveal: reveal))
            } catch {
                Hukou.printJSON([
                    "valid": false,
                    "reasons": error.reasons.map {
                        ["field": $0.field, "code": $0.code.rawValue, "zh": $0.zh, "en": $0.en]
                    },
                ])
                for reason in error.reasons {
                    Hukou.printError("\(reason.field): \(reason.code): \(reason.en) / \(reason.zh)")
                }
                throw ExitCode(65)
            }
        }
    }
}
