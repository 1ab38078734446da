import Foundation
import GRDB

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension CounterStore {
    /// Copies the database to a new file (mode 0600) with SQLite's online backup, from one consistent
    /// read snapshot, while taps and clerks keep writing.
    ///
    /// The copy is sealed with the same store key: back up the key file separately and keep the two apart.
    /// - Throws: ``CounterStoreError`` `.backupDestinationExists` if `path` exists, or a database error.
    public func backup(to path: String) async throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST {
                throw CounterStoreError(.backupDestinationExists, "backup destination \(path) already exists")
            }
            throw CounterStoreError(.fileAccess, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        close(fd)
        do {
            let destination = try DatabaseQueue(path: path)
            try await writer.read { db in
                try destination.writeWithoutTransaction { destinationDB in
                    try db.backup(to: destinationDB)
                }
            }
            try await destination.writeWithoutTransaction { db in
                // A self-contained file: leave no -wal beside it.
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try destination.close()
        } catch {
            unlink(path)
            throw error
        }
    }
}
