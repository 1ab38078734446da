import CNFC
import Foundation

#if canImport(Glibc)
    import Glibc

    private let systemClose = Glibc.close
    private let systemRead = Glibc.read
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin

    private let systemClose = Darwin.close
    private let systemRead = Darwin.read
    private let systemWrite = Darwin.write
#endif

/// A pseudo-terminal in raw mode whose slave end stands in for a serial reader's tty (`/dev/ttyUSB0`).
///
/// The master end is read and written by the emulator; the slave end is kept open here as well, so the master
/// never sees a hang-up while libnfc opens and closes the slave between uses. A symlink can give the slave a
/// stable name. Both descriptors are closed in ``close()`` or `deinit`.
final class PseudoTerminal {
    /// The master's file descriptor (the emulator's side).
    private(set) var masterDescriptor: Int32
    private var slaveDescriptor: Int32
    /// The slave's device path, e.g. `/dev/pts/3`.
    let slavePath: String
    private var linkPath: String?

    /// Opens a new pseudo-terminal pair and puts the slave in raw mode.
    ///
    /// - Throws: ``VirtualPN532Error`` naming the failed call and `errno`.
    init() throws(VirtualPN532Error) {
        let master = CNFC_posix_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw .system("posix_openpt", errno) }
        guard CNFC_grantpt(master) == 0 else {
            let code = errno
            systemClose(master)
            throw .system("grantpt", code)
        }
        guard CNFC_unlockpt(master) == 0 else {
            let code = errno
            systemClose(master)
            throw .system("unlockpt", code)
        }
        var name = [CChar](repeating: 0, count: 128)
        let nameResult = name.withUnsafeMutableBufferPointer { CNFC_ptsname_r(master, $0.baseAddress, $0.count) }
        guard nameResult == 0 else {
            systemClose(master)
            throw .system("ptsname_r", nameResult)
        }
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let slave = open(path, O_RDWR | O_NOCTTY)
        guard slave >= 0 else {
            let code = errno
            systemClose(master)
            throw .system("open \(path)", code)
        }
        var settings = termios()
        guard tcgetattr(slave, &settings) == 0 else {
            let code = errno
            systemClose(slave)
            systemClose(master)
            throw .system("tcgetattr", code)
        }
        cfmakeraw(&settings)
        guard tcsetattr(slave, TCSANOW, &settings) == 0 else {
            let code = errno
            systemClose(slave)
            systemClose(master)
            throw .system("tcsetattr", code)
        }
        masterDescriptor = master
        slaveDescriptor = slave
        slavePath = path
    }

    deinit { close() }

    /// Points a symlink at `path` to the slave, replacing an earlier symlink there (never a regular file).
    func link(at path: String) throws(VirtualPN532Error) {
        var status = stat()
        if lstat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFLNK else { throw .linkOccupied(path) }
            unlink(path)
        }
        guard symlink(slavePath, path) == 0 else { throw .system("symlink \(path)", errno) }
        linkPath = path
    }

    /// Waits up to `milliseconds` for bytes from the host and returns them; empty on timeout.
    ///
    /// - Throws: ``VirtualPN532Error`` when the terminal failed.
    func read(timeoutMilliseconds: Int32) throws(VirtualPN532Error) -> [UInt8] {
        var descriptor = pollfd(fd: masterDescriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, timeoutMilliseconds)
        if ready < 0 {
            if errno == EINTR { return [] }
            throw .system("poll", errno)
        }
        guard ready > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = buffer.withUnsafeMutableBytes { systemRead(masterDescriptor, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR || errno == EAGAIN { return [] }
            throw .system("read", errno)
        }
        return Array(buffer.prefix(count))
    }

    /// Writes all of `bytes` to the host.
    func write(_ bytes: [UInt8]) throws(VirtualPN532Error) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                systemWrite(masterDescriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .system("write", errno)
            }
            offset += written
        }
    }

    /// Removes the symlink and closes both ends: to the host, the device is gone.
    func close() {
        if let linkPath {
            unlink(linkPath)
            self.linkPath = nil
        }
        if slaveDescriptor >= 0 {
            systemClose(slaveDescriptor)
            slaveDescriptor = -1
        }
        if masterDescriptor >= 0 {
            systemClose(masterDescriptor)
            masterDescriptor = -1
        }
    }
}
