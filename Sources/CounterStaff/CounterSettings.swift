/// The `[counter]` section of `counter.toml`: what the clerk's prompt needs beyond the store and the roster.
public struct CounterSettings: Sendable, Hashable {
    /// The account that owns the store and runs the daemon; sudo's record of the invoker is trusted only for a
    /// process running as it (`counter.service_account`, default `hukou`).
    public var serviceAccount: String
    /// How long the prompt may sit without input before it clears the screen and exits
    /// (`counter.idle_lock_seconds`, default 600).
    public var idleLock: Duration
    /// The one database on which training mode (free-text operator) is allowed (`counter.training_database`).
    public var trainingDatabasePath: String?
    /// Where `导出` writes hand-off records for the integration to pick up (`counter.handoff_directory`).
    public var handoffDirectory: String?

    /// The defaults: service account `hukou`, idle lock after 10 minutes, no training database, no hand-off folder.
    public init() {
        serviceAccount = "hukou"
        idleLock = .seconds(600)
        trainingDatabasePath = nil
        handoffDirectory = nil
    }
}
