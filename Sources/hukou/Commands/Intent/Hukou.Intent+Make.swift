import ArgumentParser
import Foundation
import HukouIntent
import HukouText
import NDEF

extension Hukou.Intent {
    /// `hukou intent make`.
    struct Make: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a service-card or phone intent and print its NDEF message as hex.",
            discussion: """
                Service card:
                  hukou intent make --service ID_RENEW --window 3
                Phone:
                  hukou intent make --phone --service ID_RENEW --key station.jwk
                    --field name=张三 --field id=110101199003070011
                    --field renew_reason=expired
                Write the hex to an NTAG with any NFC writer app, or use
                --ndef-file for the raw bytes.
                """
        )

        @Option(help: "The business code, e.g. ID_RENEW (see `hukou intent catalog`).")
        var service: String

        @Flag(help: "Make a phone intent (iat, exp, nonce, data) instead of a service card.")
        var phone = false

        @Option(help: "The window number.")
        var window: Int?

        @Option(name: .customLong("field"), help: "A data field key=value (phone intents; repeatable).")
        var fields: [String] = []

        @Option(help: "Seconds a phone intent stays valid (1 to 86400; counters accept up to 600 by default).")
        var ttl: Int = 120

        @Option(help: "Issued-at instant (ISO 8601). Default: now.")
        var iat: String?

        @Option(help: "The nonce (default: 16 random bytes).")
        var nonce: String?

        @Option(help: "Declared priority: elderly, disabled or military.")
        var priority: String?

        @Flag(help: "Ask the counter for a receipt written back to the phone (rcpt; phone intents only).")
        var receipt = false

        @Option(help: "Sign with this Ed25519 private key file (from `hukou intent keygen`).")
        var key: String?

        @Option(help: "The intent record's external type.")
        var recordType: String = IntentFormat.defaultRecordType

        @Option(help: "Add a URI record first (for phones without the app).")
        var uri: String?

        @Option(help: "Add an Android Application Record for this package.")
        var aar: String?

        @Option(help: "Also write the raw NDEF bytes to this file.")
        var ndefFile: String?

        func validate() throws {
            guard (1...86_400).contains(ttl) else { throw ValidationError("--ttl must be 1 to 86400 seconds") }
        }

        func run() async throws {
            var data: [String: String] = [:]
            for field in fields {
                guard let equals = field.firstIndex(of: "="), equals != field.startIndex else {
                    throw ValidationError("--field wants key=value, not \(field)")
                }
                data[String(field[..<equals])] = String(field[field.index(after: equals)...])
            }
            if !phone && !data.isEmpty { throw ValidationError("a service card carries no --field data") }
            let issuedAt = try Hukou.instant(iat)
            let priorityClass = try priority.map {
                guard let value = PriorityClass(rawValue: $0) else {
                    throw ValidationError("--priority is elderly, disabled or military")
                }
                return value
            }
            var draft =
                phone
                ? IntentDraft.phone(
                    business: service,
                    data: data,
                    issuedAt: issuedAt,
                    lifetime: TimeInterval(ttl),
                    window: window,
                    priority: priorityClass
                ) : IntentDraft.serviceCard(business: service, window: window)
            if let nonce { draft.nonce = nonce }
            if receipt {
                guard phone else { throw ValidationError("--receipt is for phone intents") }
                draft.wantsReceipt = true
            }
            let payload: [UInt8]
            if let key {
                let signingKey: IntentSigningKey
                do {
                    signingKey = try IntentSigningKey.load(from: URL(fileURLWithPath: key))
                } catch {
                    Hukou.printError("key: \(error)")
                    throw ExitCode(78)
                }
                payload = try await draft.signedPayload(with: signingKey)
            } else {
                payload = draft.unsignedPayload()
            }
            let message = IntentDraft.message(
                payload: payload,
                recordType: recordType,
                uri: uri,
                androidPackage: aar
            )
            let bytes = try message.encoded()
            if let ndefFile {
                try Data(bytes).write(to: URL(fileURLWithPath: ndefFile))
            }
            print(Hex.encode(bytes))
            Hukou.printError(Hukou.Intent.capacityNote(messageSize: bytes.count))
        }
    }
}
