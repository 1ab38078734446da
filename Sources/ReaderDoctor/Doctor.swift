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
