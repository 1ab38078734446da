/// The checks behind `hukou doctor`: what keeps a USB NFC reader from working at a counter (nfc-facts §1.4) —
/// kernel modules that grab the device, the missing blacklist, pcscd not running or holding the reader, USB
/// permissions, and libccid's escape option for ACR122 LED/buzzer feedback. Each finding carries its fix.
///
/// Every check is a pure function of a ``SystemProbe`` and the ``PCSCFacts`` the caller gathered, so the doctor is
/// tested against made-up machines.
public struct Doctor: Sendable {
    /// Where the files live on Debian; tests and other distributions may change them.
    public struct Paths: Sendable, Hashable {
        public var usbDevices = "/sys/bus/usb/devices"
        public var usbDeviceNodes = "/dev/bus/usb"
        public var modules = "/proc/modules"
        public var modprobeDirectory = "/etc/modprobe.d"
        public var blacklistFile = "/etc/modprobe.d/blacklist-libnfc.conf"
        public var pcscdSocket = "/run/pcscd/pcscd.comm"
        public var ccidInfoPlist = "/usr/lib/pcsc/drivers/ifd-ccid.bundle/Contents/Info.plist"

        /// Debian's paths.
        public init() {}
    }

    /// The kernel modules that claim PN533-based readers (and the ACR122U) before libnfc or pcscd can.
    public static let nfcKernelModules = ["nfc", "pn533", "pn533_usb"]

    public var probe: any SystemProbe
    public var pcsc: PCSCFacts
    public var paths: Paths

    /// Prepares the checks.
    public init(probe: any SystemProbe, pcsc: PCSCFacts, paths: Paths = Paths()) {
        self.probe = probe
        self.pcsc = pcsc
        self.paths = paths
    }

    /// Runs every check, in the order a technician fixes them.
    public func run() -> [DoctorFinding] {
        let devices = usbReaders()
        return usbReaderFindings(devices) + kernelModuleFindings(devices) + blacklistFindings()
            + pcscdFindings(devices) + permissionFindings(devices) + ccidEscapeFindings(devices)
    }
}

/// What `hukou doctor` learned from pcscd itself (through PC/SC discovery).
public struct PCSCFacts: Sendable, Hashable {
    /// Whether a PC/SC context could be established.
    public var reachable: Bool
    /// The reader names pcscd lists.
    public var readerNames: [String]

    /// Creates the facts.
    public init(reachable: Bool, readerNames: [String]) {
        self.reachable = reachable
        self.readerNames = readerNames
    }
}

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
