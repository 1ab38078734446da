import ArgumentParser
import Foundation
import HukouIntent
import HukouText
import NDEF

extension Hukou {
    /// `hukou intent`: check, make and sign service intents; generate signing keys; print the business catalog.
    struct IntentCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "intent",
            abstract: "Service intents: check an NDEF message, make one, generate a signing key, show the catalog.",
            subcommands: [Check.self, Make.self, Keygen.self, Catalog.self]
        )

        /// Options shared by the commands that interpret intents.
        struct CatalogOptions: ParsableArguments {
            @Option(help: "A local catalog override file (JSON, docs/intent-format.md §6).")
            var catalog: String?

            func load() throws -> BusinessCatalog {
                guard let catalog else { return .default }
                do {
                    return try BusinessCatalog.load(overridesFrom: URL(fileURLWithPath: catalog))
                } catch {
                    IntentCommand.printError("catalog: \(error)")
                    throw ExitCode(78)
                }
            }
        }

        // MARK: - check

        /// `hukou intent check`.
        struct Check: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Interpret an NDEF message: JSON on stdout (exit 0), or field-level reasons (exit 65).",
                discussion: "Personal fields are masked unless --reveal. Nothing is stored and no nonce is consumed."
            )

            @Option(help: "The NDEF message as hex.")
            var hex: String?

            @Option(help: "A file holding the raw NDEF message bytes.")
            var file: String?

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

            func validate() throws {
                guard (hex == nil) != (file == nil) else {
                    throw ValidationError("give exactly one of --hex or --file")
                }
            }

            func run() async throws {
                let bytes = try IntentCommand.readInput(hex: hex, file: file)
                let instant = try IntentCommand.instant(now)
                let trusted = try IntentCommand.loadKeys(keys)
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
                        throw IntentRejection(
                            field: "record",
                            code: .malformedNDEF,
                            zh: "NDEF数据格式错误",
                            en: "not a valid NDEF message: \(error)"
                        )
                    }
                    let intent = try verifier.verify(message, now: instant)
                    IntentCommand.printJSON(IntentCommand.summary(of: intent, reveal: reveal))
                } catch {
                    IntentCommand.printJSON([
                        "valid": false,
                        "reasons": error.reasons.map {
                            ["field": $0.field, "code": $0.code.rawValue, "zh": $0.zh, "en": $0.en]
                        },
                    ])
                    for reason in error.reasons {
                        IntentCommand.printError("\(reason.field): \(reason.code): \(reason.en) / \(reason.zh)")
                    }
                    throw ExitCode(65)
                }
            }
        }

        // MARK: - make

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
                let issuedAt = try IntentCommand.instant(iat)
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
                        IntentCommand.printError("key: \(error)")
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
                IntentCommand.printError(IntentCommand.capacityNote(messageSize: bytes.count))
            }
        }

        // MARK: - keygen

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
                    IntentCommand.printError("keygen: \(error)")
                    throw ExitCode(73)
                }
            }
        }

        // MARK: - catalog

        /// `hukou intent catalog`.
        struct Catalog: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print the business catalog (with local overrides) as JSON: a template for an override file."
            )

            @OptionGroup var catalogOptions: CatalogOptions

            func run() async throws {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let data = try encoder.encode(try catalogOptions.load().file)
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }
}

// MARK: - Helpers shared by `intent` and `id`

extension Hukou.IntentCommand {
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Prints a JSON object built from strings, numbers, booleans, arrays and dictionaries (always serialisable).
    static func printJSON(_ object: Any) {
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        print(String(decoding: data, as: UTF8.self))
    }

    /// Parses `--now`-style ISO 8601 instants (`2026-03-01T09:30:00Z`, `…+08:00`); `nil` means now.
    static func instant(_ text: String?) throws -> Date {
        guard let text else { return Date() }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        throw ValidationError("\(text) is not an ISO 8601 instant such as 2026-03-01T09:30:00+08:00")
    }

    static func readInput(hex: String?, file: String?) throws -> [UInt8] {
        if let hex {
            do {
                return try Hex.decode(hex)
            } catch {
                throw ValidationError("--hex: \(error)")
            }
        }
        guard let file else { return [] }
        let limit = 1 << 20
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
            defer { try? handle.close() }
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            printError("cannot read \(file): \(error.localizedDescription)")
            throw ExitCode(66)
        }
        guard data.count <= limit else {
            printError("\(file) is larger than 1 MiB; not an NDEF message from a tag")
            throw ExitCode(65)
        }
        return [UInt8](data)
    }

    static func loadKeys(_ path: String?) throws -> TrustedKeySet {
        guard let path else { return .empty }
        do {
            return try TrustedKeySet.load(from: URL(fileURLWithPath: path))
        } catch {
            printError("keys: \(error)")
            throw ExitCode(78)
        }
    }

    static func summary(of intent: VerifiedIntent, reveal: Bool) -> [String: Any] {
        let formatter = ISO8601DateFormatter()
        var object: [String: Any] = [
            "valid": true,
            "profile": intent.profile.rawValue,
            "business": [
                "code": intent.business.code,
                "zh": intent.business.name.zh,
                "en": intent.business.name.en,
                "category": intent.business.category,
                "presence": intent.business.presence.rawValue,
                "materials": intent.business.materials.map(\.zh),
            ] as [String: Any],
            "fields": intent.displayFields(reveal: reveal),
            "payload_bytes": intent.canonicalPayload.count,
        ]
        switch intent.signature {
        case .unsigned: object["signature"] = ["status": "unsigned"]
        case .verified(let keyID, let alg): object["signature"] = ["status": "verified", "kid": keyID, "alg": alg]
        }
        if let window = intent.window { object["window"] = window }
        if let issuedAt = intent.issuedAt { object["issued_at"] = formatter.string(from: issuedAt) }
        if let expiresAt = intent.expiresAt { object["expires_at"] = formatter.string(from: expiresAt) }
        if let nonce = intent.nonce { object["nonce"] = nonce }
        if let priority = intent.priority { object["priority"] = priority.rawValue }
        if !intent.notes.isEmpty {
            object["notes"] = intent.notes.map {
                ["field": $0.field, "code": $0.code.rawValue, "zh": $0.zh, "en": $0.en]
            }
        }
        return object
    }

    /// Which NTAG the message fits: the NDEF TLV adds 2 bytes (4 from 255 bytes on) and a terminator TLV 1.
    static func capacityNote(messageSize: Int) -> String {
        let overhead = (messageSize < 255 ? 2 : 4) + 1
        let tags = [("NTAG213", 144), ("NTAG215", 496), ("NTAG216", 872)]
        let fits = tags.first { messageSize + overhead <= $0.1 }
        let verdict = fits.map { "fits \($0.0) (\($0.1) bytes of NDEF area)" } ?? "too large for any NTAG21x"
        return "NDEF message: \(messageSize) bytes (+\(overhead) TLV) — \(verdict)"
    }
}
