import Foundation
import HukouTestSupport

/// Intents made with the real `hukou intent make`, signed with the documented TEST key.
struct ProcessIntents {
    let keyPath: String
    let trustedKeysPath: String

    /// Copies the TEST key into `scratch` with mode 0600 (the key loader refuses group/world-readable keys).
    init(scratch: ScratchDirectory) throws {
        let vectors = HukouBinary.packageRoot.appendingPathComponent("docs/intent-vectors")
        keyPath = scratch.path("test-key.jwk")
        try? FileManager.default.removeItem(atPath: keyPath)
        try FileManager.default.copyItem(atPath: vectors.appendingPathComponent("test-key.jwk").path, toPath: keyPath)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyPath)
        trustedKeysPath = vectors.appendingPathComponent("trusted-keys.json").path
    }

    /// A service card for `business`, as NDEF hex.
    func card(_ business: String = "ID_RENEW", window: Int? = nil) async throws -> String {
        var arguments = ["intent", "make", "--service", business]
        if let window { arguments += ["--window", String(window)] }
        return try await make(arguments)
    }

    /// A signed phone intent for an ID card renewal, as NDEF hex; `nonce` makes it distinct, `fields` (`key=value`)
    /// are added to the intent's data.
    func phone(
        nonce: String? = nil,
        name: String = "张小明",
        id: String = "110101199003070011",
        more fields: [String] = []
    ) async throws -> String {
        var arguments = [
            "intent", "make", "--phone", "--service", "ID_RENEW", "--key", keyPath,
            "--field", "name=\(name)", "--field", "id=\(id)", "--field", "renew_reason=expiring", "--ttl", "600",
        ]
        for field in fields { arguments += ["--field", field] }
        if let nonce { arguments += ["--nonce", nonce] }
        return try await make(arguments)
    }

    private func make(_ arguments: [String]) async throws -> String {
        let result = try await runCommand(HukouBinary.path, arguments, timeout: .seconds(20))
        guard result.status == 0 else { throw TestHarnessError("intent make failed: \(result.stderr)") }
        let hex = result.stdout.split(separator: "\n").first.map(String.init) ?? ""
        guard !hex.isEmpty, hex.allSatisfy(\.isHexDigit) else {
            throw TestHarnessError("intent make printed \(result.stdout)")
        }
        return hex
    }
}

/// What `hukou tap` printed on success.
struct TapReply: Decodable {
    var transactionID: Int64
    var state: String
    var duplicate: Bool
    var window: Int

    enum CodingKeys: String, CodingKey {
        case transactionID = "transaction_id"
        case state, duplicate, window
    }

    static func parse(_ result: CommandResult) -> TapReply? {
        guard result.status == 0 else { return nil }
        return try? JSONDecoder().decode(TapReply.self, from: Data(result.stdout.utf8))
    }
}

/// One row of `hukou queue list --json`.
struct QueueRow: Decodable {
    var id: Int64
    var state: String
    var ticket: String?
    var window: Int
    var businessCode: String
}

func queueList(db: String) async throws -> [QueueRow] {
    let result = try await hukou("queue", "list", "--db", db, "--json")
    guard result.status == 0 else { throw TestHarnessError("queue list failed: \(result.stderr)") }
    return try JSONDecoder().decode([QueueRow].self, from: Data(result.stdout.utf8))
}
