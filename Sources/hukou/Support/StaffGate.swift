import ArgumentParser
import CounterDaemon
import CounterStaff
import CounterStore
import Foundation

/// The `--config` option of the commands that name one ``StaffAction``, and the check they make before acting
/// (``CommandGate``): under sudo as the service account, only a member of staff whose role allows the action.
struct StaffGate: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The configuration with the service account and the staff roster (default: \(Hukou.Counter.defaultConfigPath); not under sudo).",
            valueName: "FILE"
        )
    )
    var config: String?

    /// Goes ahead, or refuses: prints one line in both languages and exits 77; a member of staff refused by their
    /// role is also a `refused` row in the audit log of `store` when the command opens one.
    ///
    /// - Parameter refusing: further options the command may not be given under sudo (files it would read as the
    ///   service account).
    /// - Returns: the member of staff allowed under sudo, or `nil` when not under sudo (unattended).
    /// - Throws: `ExitCode` 77 (refused), 78 (an unusable configuration).
    @discardableResult
    func check(
        _ action: StaffAction,
        command: String,
        store: StoreLocation? = nil,
        refusing: [(name: String, given: Bool)] = []
    ) async throws -> StaffMember? {
        let (configuration, _) = try Hukou.Counter.loadConfiguration(config, command: command)
        var options: [(name: String, given: Bool)] = [("--config", config != nil)] + refusing
        if let store {
            options += [
                ("--db", !PromptPlan.samePath(store.db, configuration.databasePath)),
                ("--store-key", store.storeKey != nil),
            ]
        }
        let verdict: CommandGate.Verdict
        do {
            verdict = try CommandGate.verdict(
                action,
                identity: .current(),
                resolver: StaffIdentityResolver(serviceAccount: configuration.counter.serviceAccount),
                roster: configuration.staff,
                options: options
            )
        } catch {
            throw Hukou.failure(77, "\(command): \(error.zh) / \(error.en)")
        }
        let member: StaffMember
        let decision: StaffAccess.Decision
        switch verdict {
        case .unattended: return nil
        case .allowed(let allowed): return allowed
        case .refused(let refused, let why): (member, decision) = (refused, why)
        }
        if let store {
            let counter = try CounterStore(path: store.db, options: CounterStoreOptions(keyFilePath: store.storeKey))
            try await counter.recordRefusal(
                action: action.rawValue,
                transaction: nil,
                reason: "role=\(member.role.rawValue)",
                operator: member.auditName
            )
        }
        throw Hukou.failure(77, "\(command): \(decision.zh) / \(decision.en)")
    }
}
