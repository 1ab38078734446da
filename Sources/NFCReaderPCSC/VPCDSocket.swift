#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP connection to pcscd's vpcd listener: the only socket code of the module, and with ``PCSCCalls`` the only
/// place with unsafe pointers.
///
/// vpcd sends the length and the payload of each message with two `send()` calls; with Nagle on its side and
/// delayed ACK on ours every exchange would stall about 40 ms, so `TCP_QUICKACK` is set again before every
/// `recv()` (Linux clears it after use).
struct VPCDSocket: ~Copyable {
    /// The descriptor; closed in `deinit`.
    let descriptor: Int32

    /// A failed socket call, with `errno`.
    struct Failure: Error, CustomStringConvertible {
        let call: String
        let errno: Int32
        var description: String { "\(call): \(String(cString: strerror(errno)))" }
    }

    /// Connects to `host:port` (an IPv4 address). The corresponding C functions are `socket` and `connect`.
    init(host: String, port: UInt16) throws(Failure) {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(call: "socket", errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            systemClose(fd)
            throw Failure(call: "inet_pton(\(host))", errno: EINVAL)
        }
        let rv = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rv == 0 else {
            let error = errno
            systemClose(fd)
            throw Failure(call: "connect(\(host):\(port))", errno: error)
        }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        descriptor = fd
    }

    deinit {
        systemClose(descriptor)
    }

    /// Closes the connection now; vpcd reports the card as removed. The corresponding C function is `close`.
    consuming func close() {}

    /// Receives up to `maximum` bytes; empty at end of stream. The corresponding C function is `recv`.
    func receive(maximum: Int = 4096) throws(Failure) -> [UInt8] {
        #if os(Linux)
            var one: Int32 = 1
            _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_QUICKACK, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return Array(buffer.prefix(count)) }
            if errno == EINTR { continue }
            throw Failure(call: "recv", errno: errno)
        }
    }

    /// Sends all of `bytes`. The corresponding C function is `send` (with `MSG_NOSIGNAL` where it exists).
    func send(_ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                #if os(Linux)
                    Glibc.send(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
                #else
                    Darwin.send(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset, 0)
                #endif
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(call: "send", errno: errno)
            }
            offset += count
        }
    }

    /// Wakes a `recv` blocked on another thread (the connection then reads end of stream).
    /// The corresponding C function is `shutdown`.
    static func shutdown(descriptor: Int32) {
        #if canImport(Glibc)
            _ = Glibc.shutdown(descriptor, Int32(SHUT_RDWR))
        #else
            _ = Darwin.shutdown(descriptor, SHUT_RDWR)
        #endif
    }
}

/// The C `close`, named apart from ``VPCDSocket/close()``.
private func systemClose(_ descriptor: Int32) {
    #if canImport(Glibc)
        _ = Glibc.close(descriptor)
    #else
        _ = Darwin.close(descriptor)
    #endif
}
