/// A known reader found on the USB bus.
public struct USBReaderDevice: Hashable, Sendable {
    /// The sysfs name, e.g. `1-1.2`.
    public var sysfsName: String
    /// What it is.
    public var model: USBReaderModel
    /// USB bus number.
    public var bus: Int
    /// USB device number on that bus.
    public var device: Int
    /// The kernel driver bound to each interface (`pn533_usb`, `usbfs` when a program claimed it), if any.
    public var interfaceDrivers: [String]

    /// The device node, e.g. `/dev/bus/usb/001/004`.
    public func node(under root: String) -> String {
        root + "/" + Self.threeDigits(bus) + "/" + Self.threeDigits(device)
    }

    private static func threeDigits(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}
