import Foundation
import HukouTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The live reader tests' private pcscd (``PCSCSandbox`` from HukouTestSupport), used by this test process itself.
extension PCSCSandbox {
    /// This suite's vpcd port (the CLI integration tests use another, so both suites can run at once).
    static let libraryPort = 36_981
    /// This suite's virtual reader, as pcscd names it.
    static let libraryReaderName = "Hukou Test PCD 00 00"

    /// A sandbox whose socket this process's pcsc-lite uses.
    ///
    /// pcsc-lite reads `PCSCLITE_CSOCK_NAME` once per process, so this process always uses the same directory.
    static func inProcess() throws -> PCSCSandbox {
        let sandbox = try PCSCSandbox(
            friendlyName: "Hukou Test PCD",
            port: libraryPort,
            directory: URL(fileURLWithPath: "/tmp/hukou-pcsc-test-\(getpid())")
        )
        setenv("PCSCLITE_CSOCK_NAME", sandbox.socketPath, 1)
        return sandbox
    }
}
