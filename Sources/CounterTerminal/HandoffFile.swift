public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes hand-off records into the configured folder for an integration to pick up: each file is created new with
/// mode 0600 (owned by the account the prompt runs as — the service account under sudo), written and synced under a
/// hidden temporary name, then linked into place (never over an existing record), so a reader never sees half a
/// record.
public enum HandoffFile {
    /// The file name for a record: `hukou-handoff-<id>-<yyyyMMdd'T'HHmmss'Z'>.json`.
    public static func name(for record: HandoffRecord) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return "hukou-handoff-\(record.transaction.id)-\(formatter.string(from: record.exportedAt)).json"
    }

    /// Writes `data` as `name` in `directory` and returns the file's path.
    ///
    /// - Throws: ``HandoffFileError`` naming the path and the system's reason.
    public static func write(_ data: Data, name: String, in directory: String) throws -> String {
        let final = URL(fileURLWithPath: directory).appendingPathComponent(name).path
        let temporary = URL(fileURLWithPath: directory).appendingPathComponent("." + name + ".tmp").path
        // The corresponding C function is `open`: O_EXCL and O_NOFOLLOW, so nothing existing is overwritten or
        // followed, and the mode is 0600 from the start.
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw HandoffFileError(path: temporary, reason: String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            unlink(temporary)
            throw HandoffFileError(path: temporary, reason: "\(error)")
        }
        // `link`, not `rename`: it fails (EEXIST) rather than replace a record already there.
        let linked = link(temporary, final)
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        guard linked == 0 else { throw HandoffFileError(path: final, reason: reason) }
        return final
    }
}

/// A hand-off record could not be written.
public struct HandoffFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file concerned.
    public var path: String
    /// The system's reason.
    public var reason: String

    public var description: String { "cannot write \(path): \(reason)" }
}
