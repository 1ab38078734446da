import ArgumentParser
import Foundation
import HukouIntent

extension Hukou.Intent {
    /// `hukou intent keygen`.
    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate an Ed25519 signing key (private JWK, mode 0600); print its trusted-key set entry."
        )

        @Option(help: "Where to write the private key (must not exist).")
        var out: String

        @Option(help: "The key ID (kid) intents will name. Default: intent-<8 hex digits>.")
        var kid: String?

        func run() async throws {
            let keyID = kid ?? "intent-" + String(UInt32.random(in: .min ... .max), radix: 16)
            do {
                let key = try IntentSigningKey.generate(keyID: keyID)
                try key.write(to: URL(fileURLWithPath: out))
                print(String(decoding: key.trustedKeySetJSON(), as: UTF8.self))
            } catch {
                Hukou.printError("keygen: \(error)")
                throw ExitCode(73)
            }
        }
    }
}
