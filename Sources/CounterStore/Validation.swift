import HukouText

/// Bounds checks for everything handed to the store, so a malformed request is refused with a clear
/// error before anything is written.
enum Validation {
    static let maxPayloadBytes = 64 * 1024
    static let maxMaterials = 32
    static let maxApplicantFields = 32

    /// Non-empty (unless `allowEmpty`), at most `max` characters, none that ``SafeText`` forbids (controls, format
    /// characters such as bidi overrides and zero-width spaces, line and paragraph separators).
    static func text(_ value: String, _ field: String, max: Int, allowEmpty: Bool = false) throws {
        if value.isEmpty {
            guard allowEmpty else { throw CounterStoreError(.invalidInput, "\(field) is empty") }
            return
        }
        // A character is at least one UTF-8 byte, so a short enough byte count settles it without
        // counting grapheme clusters.
        guard value.utf8.count <= max || value.count <= max else {
            throw CounterStoreError(.invalidInput, "\(field) is longer than \(max) characters")
        }
        if let (offset, scalar) = SafeText.firstForbidden(in: value) {
            throw CounterStoreError(
                .invalidInput,
                "\(field) contains a control or format character (U+\(String(scalar.value, radix: 16, uppercase: true)) "
                    + "at character \(offset + 1))"
            )
        }
    }

    /// 1…`max` printable ASCII characters without spaces.
    static func token(_ value: String, _ field: String, max: Int) throws {
        guard !value.isEmpty, value.utf8.count <= max, value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw CounterStoreError(.invalidInput, "\(field) must be 1–\(max) printable ASCII characters")
        }
    }

    static func window(_ window: Int) throws {
        guard (1...9999).contains(window) else {
            throw CounterStoreError(.invalidInput, "window \(window) is outside 1…9999")
        }
    }

    static func operatorName(_ name: String) throws {
        try text(name, "operator", max: 64)
    }

    static func reason(_ reason: String) throws {
        try text(reason, "reason", max: 500)
    }

    static func submission(_ tap: TapSubmission) throws {
        try token(tap.businessCode, "business code", max: 32)
        try text(tap.businessNameZH, "Chinese business name", max: 100)
        try text(tap.businessNameEN, "English business name", max: 200)
        guard (1...3).contains(tap.ticketCategory.utf8.count),
            tap.ticketCategory.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") })
        else {
            throw CounterStoreError(.invalidInput, "ticket category must be 1–3 capital letters A–Z")
        }
        try window(tap.window)
        guard tap.intentPayload.count <= maxPayloadBytes else {
            throw CounterStoreError(.invalidInput, "intent payload exceeds \(maxPayloadBytes) bytes")
        }
        try token(tap.profile, "profile", max: 16)
        try token(tap.signatureStatus, "signature status", max: 32)
        try text(tap.reader, "reader", max: 128)
        guard tap.materials.count <= maxMaterials else {
            throw CounterStoreError(.invalidInput, "more than \(maxMaterials) materials")
        }
        for material in tap.materials { try text(material, "material", max: 200) }
        if let applicant = tap.applicant {
            if let name = applicant.name { try text(name, "applicant name", max: 64) }
            if let id = applicant.idNumber {
                guard (1...32).contains(id.utf8.count),
                    id.utf8.allSatisfy({
                        ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                    })
                else {
                    throw CounterStoreError(.invalidInput, "applicant ID number must be 1–32 letters or digits")
                }
            }
            guard applicant.fields.count <= maxApplicantFields else {
                throw CounterStoreError(.invalidInput, "more than \(maxApplicantFields) applicant fields")
            }
            for (name, value) in applicant.fields {
                try text(name, "applicant field name", max: 64)
                try text(value, "applicant field \(name)", max: 512, allowEmpty: true)
            }
        }
        switch tap.dedupKey {
        case .nonce(let nonce, let keyID):
            try text(nonce, "nonce", max: 256)
            try text(keyID, "key id", max: 256, allowEmpty: true)
        case .content(let digest):
            guard digest.count == 32 else {
                throw CounterStoreError(.invalidInput, "content hash must be 32 bytes (SHA-256), got \(digest.count)")
            }
        }
    }
}
