import Foundation

/// The libnfc devices present on this machine, for `hukou readers` and `hukou doctor`.
public enum LibNFCDiscovery {
    /// One device libnfc can open.
    public struct Device: Sendable, Hashable {
        /// The connection string to open it with, e.g. `pn53x_usb:001:004` or `pn532_uart:/dev/ttyUSB0`.
        public var connstring: String
        /// The libnfc driver, the part of ``connstring`` before the first colon.
        public var driver: String
        /// What is visibly wrong without opening it (a configured serial port that does not exist).
        public var problems: [String]
    }

    /// The libnfc drivers that talk to a serial port named in the connection string (`driver:PORT[:SPEED]`).
    static let serialDrivers: Set<String> = ["pn532_uart", "arygon", "acr122s"]

    /// Lists the devices libnfc finds: those configured in `/etc/nfc/libnfc.conf`, `/etc/nfc/devices.d` or
    /// `LIBNFC_DEVICE`, then USB devices of the drivers it was built with. Serial readers (PN532 over UART) are found
    /// only when configured. Runs on a thread of its own: a USB scan can take seconds.
    ///
    /// - Parameter maximum: the most devices to report.
    public static func devices(maximum: Int = 16) async -> [Device] {
        await LibNFCThread.run(name: "hukou libnfc discovery") {
            guard let context = LibNFCCalls.initContext() else { return [] }
            defer { LibNFCCalls.exitContext(context) }
            return LibNFCCalls.listDevices(context, maximum: max(1, maximum)).map(describe)
        }
    }

    /// The version of the libnfc this program is linked with.
    public static var version: String { LibNFCInfo.version }

    /// A device's driver and the problems visible from its connection string alone.
    static func describe(_ connstring: String) -> Device {
        let parts = connstring.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        let driver = parts.first ?? connstring
        var problems: [String] = []
        if serialDrivers.contains(driver), parts.count > 1 {
            let port = parts[1]
            if !FileManager.default.fileExists(atPath: port) {
                problems.append("the serial port \(port) does not exist (unplugged adapter, or no udev link)")
            } else if !FileManager.default.isReadableFile(atPath: port)
                || !FileManager.default.isWritableFile(atPath: port)
            {
                problems.append(
                    "no permission on \(port): add the user to its group (dialout) or install the udev rules"
                )
            }
        }
        return Device(connstring: connstring, driver: driver, problems: problems)
    }
}
