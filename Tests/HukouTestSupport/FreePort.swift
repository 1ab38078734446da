#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP socket bound to a port the kernel picked on the loopback interface, listening if asked; returns the
/// descriptor and the port.
private func loopbackSocket(listening: Bool) throws -> (descriptor: Int32, port: Int) {
    #if canImport(Glibc)
        let socketType = Int32(SOCK_STREAM.rawValue)
    #else
        let socketType = SOCK_STREAM
    #endif
    let descriptor = socket(AF_INET, socketType, 0)
    guard descriptor >= 0 else { throw TestHarnessError("socket() failed") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
    }
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    guard bound == 0, named == 0, !listening || listen(descriptor, 4) == 0 else {
        close(descriptor)
        throw TestHarnessError("bind(), getsockname() or listen() failed")
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}

/// A TCP port on the loopback interface that was free a moment ago (the kernel's pick for port 0).
public func freeLoopbackPort() throws -> Int {
    let (descriptor, port) = try loopbackSocket(listening: false)
    close(descriptor)
    return port
}

/// A listening TCP socket on a loopback port, held until this value is released (to make a bind fail).
public final class HTTPPortHolder {
    /// The port held.
    public let port: Int
    private let descriptor: Int32

    /// Binds and listens on a free loopback port.
    public init() throws {
        (descriptor, port) = try loopbackSocket(listening: true)
    }

    deinit { close(descriptor) }
}
