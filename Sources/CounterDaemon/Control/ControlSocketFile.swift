import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The control socket's file: the checks before binding, the mode it is created with, its removal.
enum ControlSocketFile {
    /// Whether `path` names a Unix socket (not following a symbolic link).
    static func isSocket(_ path: String) -> Bool {
        // `attributesOfItem` reports the link itself, not its target, like `lstat`.
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.type] as? FileAttributeType) == .typeSocket
    }

    /// Makes `path` free for binding: nothing there, or a stale socket that is removed.
    ///
    /// - Throws: ``ControlProtocolError`` (``ControlProtocolError/Code/connectionFailed``) when anything but a
    ///   socket is at `path` (it is left alone), when a live daemon answers on it (its socket is not stolen), or
    ///   when the stale socket cannot be removed.
    static func claim(_ path: String) async throws(ControlProtocolError) {
        guard (try? FileManager.default.attributesOfItem(atPath: path)) != nil else { return }
        guard isSocket(path) else {
            throw ControlProtocolError(.connectionFailed, "\(path) exists and is not a socket; not touching it")
        }
        if await isListening(path) {
            throw ControlProtocolError(.connectionFailed, "\(path): another daemon is listening on it")
        }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw ControlProtocolError(.connectionFailed, "\(path): cannot remove stale socket: \(error)")
        }
    }

    /// Whether something accepts connections on the socket at `path` (within half a second).
    static func isListening(_ path: String) async -> Bool {
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(500))
                .connect(unixDomainSocketPath: path).get()
            try? await channel.close()
            return true
        } catch {
            return false
        }
    }

    /// Runs `bind` (which creates the socket file) with the process's file-creation mask at 0177, so the socket
    /// is created with mode 0600 and no client of another user can connect between bind and any later `chmod`.
    ///
    /// The mask is process-wide: a file another thread creates meanwhile gets mode 0600 too, which only ever
    /// tightens it. The previous mask is restored as soon as the bind finished or failed.
    static func withOwnerOnlyMask<Result>(_ bind: () async throws -> Result) async rethrows -> Result {
        let previous = umask(0o177)
        defer { umask(previous) }
        return try await bind()
    }

    /// Removes the socket file at `path` if it is a socket.
    static func remove(_ path: String) {
        if isSocket(path) { try? FileManager.default.removeItem(atPath: path) }
    }

    /// A readable description of a socket error: the system's message for an `IOError`, else the error itself.
    static func describe(_ error: any Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
        return "\(error)"
    }
}
