import ArgumentParser
import Foundation
import HukouIntent
import HukouText

extension Hukou {
    /// `hukou receipt`: the station's receipt key, and checking a receipt read back from a phone.
    struct Receipt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "receipt",
            abstract: "Receipts written back to phones: the station's signing key, and verifying a receipt.",
            subcommands: [Key.self, Verify.self]
        )

        /// `hukou receipt key`.
        struct Key: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create the station's receipt key (private JWK, mode 0600), or print its public JWK Set.",
                discussion: """
                    With --out, a new Ed25519 key is written to a file that must not exist, and its public half is \
                    printed. With --public --key FILE, the public half of an existing key is printed: publish it \
                    for app developers (docs/intent-format.md §12).
                    """
            )

            @Option(help: "Where to write a new private key (must not exist).")
            var out: String?

            @Option(help: "The key ID (kid) of a new key. Default: station-<8 hex digits>.")
            var kid: String?

            @Flag(name: .customLong("public"), help: "Print the public JWK Set of the key given by --key.")
            var printPublic = false

            @Option(help: "An existing private key file (with --public).")
            var key: String?

            func validate() throws {
                switch (out, printPublic, key) {
                case (.some, false, nil), (nil, true, .some): return
                default: throw ValidationError("give either --out FILE, or --public --key FILE")
                }
            }

            func run() async throws {
                do {
                    let signingKey: IntentSigningKey
                    if let out {
                        signingKey = try IntentSigningKey.generate(
                            keyID: kid ?? "station-" + String(UInt32.random(in: .min ... .max), radix: 16)
                        )
                        try signingKey.write(to: URL(fileURLWithPath: out))
                    } else {
                        signingKey = try IntentSigningKey.load(from: URL(fileURLWithPath: key ?? ""))
                    }
                    print(String(decoding: signingKey.trustedKeySetJSON(), as: UTF8.self))
                } catch {
                    Hukou.printError("receipt key: \(error)")
                    throw ExitCode(out != nil ? 73 : 78)
                }
            }
        }

        /// `hukou receipt verify`.
        struct Verify: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Verify a receipt read from a phone: its claims as JSON (exit 0), or why not (exit 65)."
            )

            /// The NDEF message read from the phone.
            @OptionGroup var input: BytesInputOptions

            @Option(help: "The stations' public receipt keys (JWK Set JSON).")
            var keys: String

            @Option(help: "The nonce of the intent the receipt must answer.")
            var nonce: String?

            func validate() throws { try input.requireGiven() }

            func run() async throws {
                let bytes = try input.bytes()
                let keySet = try Hukou.Intent.loadKeys(keys)
                let verified: VerifiedReceipt
                do {
                    verified = try ReceiptVerifier.verify(message: bytes, keys: keySet, nonce: nonce)
                } catch {
                    Hukou.printError("receipt: \(error)")
                    throw ExitCode(65)
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                let claims = String(decoding: try encoder.encode(verified.receipt), as: UTF8.self)
                print(#"{"kid":\#(JSONString.quoted(verified.keyID)),"receipt":\#(claims)}"#)
            }
        }
    }
}
