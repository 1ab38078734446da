import Foundation
import GRDB
import SystemPackage

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
        do {
            let fd = try FileDescriptor.open(
                FilePath(path),
                .writeOnly,
                options: [.create, .exclusiveCreate, .closeOnExec, .noFollow],
                permissions: [.ownerReadWrite]
            )
            try? fd.close()
        } catch Errno.fileExists {
            throw CounterStoreError(.backupDestinationExists, "backup destination \(path) already exists")
        } catch {
            throw CounterStoreError(.fileAccess, "cannot create \(path): \(error)")
        }
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
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }
}
