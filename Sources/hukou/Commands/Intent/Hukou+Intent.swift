import ArgumentParser
import Foundation
import HukouIntent

extension Hukou {
    /// `hukou intent`: check, make and sign service intents; generate signing keys; print the business catalog.
    struct Intent: AsyncParsableCommand {
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
                    Hukou.printError("catalog: \(error)")
                    throw ExitCode(78)
                }
            }
        }
    }
}

// MARK: - Helpers of the intent commands

extension Hukou.Intent {
    static func loadKeys(_ path: String?) throws -> TrustedKeySet {
        guard let path else { return .empty }
        do {
            return try TrustedKeySet.load(from: URL(fileURLWithPath: path))
        } catch {
            Hukou.printError("keys: \(error)")
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
