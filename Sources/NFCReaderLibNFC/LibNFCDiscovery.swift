/// The libnfc devices present on this machine, for `hukou readers` and `hukou doctor`.
public enum LibNFCDiscovery {
    /// One device libnfc can open.
    public struct Device: Sendable, Hashable {
        /// The connection string to open it with, e.g. `pn53x_usb:001:004` or `pn532_uart:/dev/ttyUSB0`.
        public var connstring: String
        /// The libnfc driver, the part of ``connstring`` before the first colon.
        public var driver: String
    }

    /// Lists the devices libnfc finds: those configured in `/etc/nfc/libnfc.conf`, `/etc/nfc/devices.d` or
    /// `LIBNFC_DEVICE`, then USB devices of the drivers it was built with. Serial readers (PN532 over UART) are found
    /// only when configured. Runs on a thread of its own: a USB scan can take seconds.
    ///
    /// - Parameter maximum: the most devices to report.
    public static func devices(maximum: Int = 16) async -> [Device] {
        await LibNFCThread.run(name: "hukou libnfc discovery") {
            guard let context = LibNFCCalls.initContext() else { return [] }
            defer { LibNFCCalls.exitContext(context) }
            return LibNFCCalls.listDevices(context, maximum: max(1, maximum)).map { connstring in
                Device(connstring: connstring, driver: String(connstring.prefix { $0 != ":" }))
            }
        }
    }

    /// The version of the libnfc this program is linked with.
    public static var version: String { LibNFCInfo.version }
}
