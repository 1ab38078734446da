#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A Unix-domain stream socket; the only place in the daemon that calls the socket C API.
///
/// Every call here may block, so a `UnixSocket` is used only from threads of its own (the control
/// server's acceptor and connection threads, the client's exchange thread), never from Swift's
/// cooperative pool. One instance belongs to one thread at a time; the descriptor is closed in `deinit`.
///
/// This file is the one place above the reader backends that touches pointers (the rule is: pointers only in
/// `NFCReaderLibNFC` and `NFCReaderPCSC`). `bind` and `connect` take a `sockaddr` pointer that can only be made
/// from a `sockaddr_un` by rebinding memory, and `read`/`send` take buffers; Foundation on Linux has no Unix-domain
/// socket API, the package declares no networking library, and the backend modules are the wrong layer for the
/// daemon's control socket. So the pointers stay here: each is scoped to its `withUnsafe…` closure and never
/// escapes, and no pointer or C type crosses this file's internal API (bytes in and out are `[UInt8]`).
final class UnixSocket {
    private(set) var descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 { _ = system_close(descriptor) }
    }

    /// Closes the socket now.
    func close() {
        if descriptor >= 0 { _ = system_close(descriptor) }
        descriptor = -1
    }

    // MARK: - Server side

    /// Binds and listens on `path` with mode 0600, replacing a stale socket left by a dead daemon.
    ///
    /// The corresponding C functions are `socket`, `bind`, `listen` and `chmod`.
    /// - Throws: ``ControlProtocolError`` when the path is taken by a live daemon or anything else, or a call fails.
    static func listen(path: String, backlog: Int32 = 16) throws(ControlProtocolError) -> UnixSocket {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFSOCK else {
                throw ControlProtocolError(.connectionFailed, "\(path) exists and is not a socket; not touching it")
            }
            if (try? connect(path: path, timeoutMilliseconds: 500)) != nil {
                throw ControlProtocolError(.connectionFailed, "\(path): another daemon is listening on it")
            }
            guard unlink(path) == 0 else {
                throw ControlProtocolError(.connectionFailed, "\(path): cannot remove stale socket: \(errnoText())")
            }
        }
        let socket = try makeSocket()
        var address = try socketAddress(path)
        let previousMask = umask(0o177)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket.descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        let bindError = errno
        umask(previousMask)
        guard bound == 0 else {
            throw ControlProtocolError(.connectionFailed, "bind \(path): \(errnoText(bindError))")
        }
        guard chmod(path, 0o600) == 0, Glibc.listen(socket.descriptor, backlog) == 0 else {
            throw ControlProtocolError(.connectionFailed, "listen \(path): \(errnoText())")
        }
        return socket
    }

    /// Waits up to `timeoutMilliseconds` for a connection; `nil` when none came.
    ///
    /// The corresponding C functions are `poll`, `accept` and `fcntl(F_SETFD, FD_CLOEXEC)`.
    func accept(timeoutMilliseconds: Int32) throws(ControlProtocolError) -> UnixSocket? {
        guard try waitReadable(timeoutMilliseconds: timeoutMilliseconds) else { return nil }
        let client = Glibc.accept(descriptor, nil, nil)
        guard client >= 0 else {
            if errno == EAGAIN || errno == EINTR || errno == ECONNABORTED { return nil }
            throw ControlProtocolError(.connectionFailed, "accept: \(errnoText())")
        }
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        return UnixSocket(descriptor: client)
    }

    // MARK: - Client side

    /// Connects to the socket at `path`.
    ///
    /// The corresponding C functions are `socket`, `connect` and `setsockopt(SO_SNDTIMEO)`.
    static func connect(path: String, timeoutMilliseconds: Int32) throws(ControlProtocolError) -> UnixSocket {
        let socket = try makeSocket()
        var address = try socketAddress(path)
        socket.setSendTimeout(milliseconds: timeoutMilliseconds)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket.descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            throw ControlProtocolError(.connectionFailed, "connect \(path): \(errnoText())")
        }
        return socket
    }

    // MARK: - Data

    /// Waits until the socket is readable or `timeoutMilliseconds` pass.
    ///
    /// The corresponding C function is `poll`.
    func waitReadable(timeoutMilliseconds: Int32) throws(ControlProtocolError) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&entry, 1, timeoutMilliseconds)
        if ready < 0 {
            if errno == EINTR { return false }
            throw ControlProtocolError(.connectionFailed, "poll: \(errnoText())")
        }
        return ready > 0
    }

    /// Reads what is available, at most `maximum` bytes; an empty result means the peer closed.
    ///
    /// The corresponding C function is `read`.
    func readAvailable(maximum: Int) throws(ControlProtocolError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count >= 0 { return Array(buffer.prefix(count)) }
            if errno == EINTR { continue }
            throw ControlProtocolError(.connectionFailed, "read: \(errnoText())")
        }
    }

    /// Writes all of `bytes`.
    ///
    /// The corresponding C function is `send` (with `MSG_NOSIGNAL`, so a vanished peer is an error, not SIGPIPE).
    func writeAll(_ bytes: [UInt8]) throws(ControlProtocolError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                send(descriptor, $0.baseAddress.map { $0 + offset }, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw ControlProtocolError(.connectionFailed, "write: \(errnoText())")
            }
            offset += written
        }
    }

    /// Bounds how long a write may block. The corresponding C function is `setsockopt(SO_SNDTIMEO)`.
    func setSendTimeout(milliseconds: Int32) {
        var value = timeval(tv_sec: Int(milliseconds / 1000), tv_usec: Int(milliseconds % 1000) * 1000)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    // MARK: - Helpers

    private static func makeSocket() throws(ControlProtocolError) -> UnixSocket {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw ControlProtocolError(.connectionFailed, "socket: \(errnoText())")
        }
        return UnixSocket(descriptor: descriptor)
    }

    private static func socketAddress(_ path: String) throws(ControlProtocolError) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !bytes.isEmpty, bytes.count < capacity, !bytes.contains(0) else {
            throw ControlProtocolError(
                .connectionFailed,
                "socket path must be 1 to \(capacity - 1) bytes: \(path)"
            )
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        return address
    }

    /// Removes the socket file at `path` if it is one. The corresponding C functions are `lstat` and `unlink`.
    static func removeSocketFile(_ path: String) {
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFSOCK {
            _ = unlink(path)
        }
    }
}

private func system_close(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
        Glibc.close(descriptor)
    #else
        close(descriptor)
    #endif
}

private func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}
