import GRDB
import Synchronization

/// Keeps WAL checkpoints off the tap path.
///
/// SQLite's automatic checkpoint runs inside whichever commit crosses the threshold, and copying the
/// WAL back into the database (with its fsyncs) would land on that tap's latency. Instead, every
/// ``interval`` commits this runs a PASSIVE checkpoint on a connection of its own, concurrently with
/// writers; the writers keep `wal_autocheckpoint` (``CounterStore/autoCheckpointPages``) only as a
/// safety net for processes that write without a checkpointer.
final class Checkpointer: Sendable {
    static let interval = 256

    private let connection: DatabaseQueue
    private let state = Mutex((commits: 0, running: false))

    init(path: String, configuration: Configuration) throws {
        var configuration = configuration
        configuration.label = "CounterStore.checkpointer"
        connection = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Counts a commit; every ``interval`` commits starts a background checkpoint unless one is running.
    func noteCommit() {
        let start = state.withLock { state in
            state.commits += 1
            guard state.commits >= Self.interval, !state.running else { return false }
            state.commits = 0
            state.running = true
            return true
        }
        guard start else { return }
        let connection = connection
        Task {
            // A failed or busy checkpoint is harmless: the next one (or the safety net) catches up.
            _ = try? await connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            self.state.withLock { $0.running = false }
        }
    }
}
