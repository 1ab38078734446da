import ReaderDoctor
import Testing

/// A made-up machine: files, directories, links, modes and processes given as dictionaries.
struct FakeSystem: SystemProbe {
    var files: [String: String] = [:]
    var directories: [String: [String]] = [:]
    var links: [String: String] = [:]
    var modes: [String: FilePermissions] = [:]
    var processes: [String] = []

    func contents(of path: String) -> String? { files[path] }
    func entries(of directory: String) -> [String]? { directories[directory] }
    func linkTarget(of path: String) -> String? { links[path] }
    func permissions(of path: String) -> FilePermissions? { modes[path] }
    func processNames() -> [String] { processes }

    /// Plugs in a USB device at `name` (e.g. `1-1`), with its interface 0 bound to `driver`.
    mutating func plug(_ name: String, vendor: String, product: String, bus: Int, device: Int, driver: String?) {
        let base = "/sys/bus/usb/devices"
        directories[base, default: []] += [name, name + ":1.0"]
        files["\(base)/\(name)/idVendor"] = vendor + "\n"
        files["\(base)/\(name)/idProduct"] = product + "\n"
        files["\(base)/\(name)/busnum"] = "\(bus)\n"
        files["\(base)/\(name)/devnum"] = "\(device)\n"
        if let driver { links["\(base)/\(name):1.0/driver"] = "../../../../bus/usb/drivers/\(driver)" }
        let node = threeDigits(bus) + "/" + threeDigits(device)
        modes["/dev/bus/usb/\(node)"] = FilePermissions(mode: 0o664, owner: 0, group: 46)
    }

    /// A healthy counter machine: blacklist installed, no NFC modules, pcscd running, escape allowed.
    static func healthy() -> FakeSystem {
        var system = FakeSystem()
        system.files["/proc/modules"] = "ext4 1007616 1 - Live 0x0\nusbhid 69632 0 - Live 0x0\n"
        system.directories["/etc/modprobe.d"] = ["blacklist-libnfc.conf", "other.conf"]
        system.files["/etc/modprobe.d/blacklist-libnfc.conf"] = "blacklist nfc\nblacklist pn533\nblacklist pn533_usb\n"
        system.files["/etc/modprobe.d/other.conf"] = "options snd slots=1\n"
        system.processes = ["systemd", "pcscd", "sshd"]
        system.modes["/run/pcscd/pcscd.comm"] = FilePermissions(mode: 0o666, owner: 0, group: 0)
        system.files["/usr/lib/pcsc/drivers/ifd-ccid.bundle/Contents/Info.plist"] =
            "<dict>\n\t<key>ifdDriverOptions</key>\n\t<string>0x0001</string>\n</dict>\n"
        system.plug("1-1", vendor: "072f", product: "2200", bus: 1, device: 4, driver: "usbfs")
        return system
    }
}

/// `value` as three decimal digits, as in `/dev/bus/usb/001/004`.
func threeDigits(_ value: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
}

@Suite("hukou doctor checks on made-up machines")
struct DoctorTests {
    static let acr122Facts = PCSCFacts(reachable: true, readerNames: ["ACS ACR122U PICC Interface 00 00"])

    func findings(_ system: FakeSystem, _ facts: PCSCFacts = acr122Facts, check: String) -> [DoctorFinding] {
        Doctor(probe: system, pcsc: facts).run().filter { $0.check == check }
    }

    @Test("a healthy ACR122U counter has no warning and no problem")
    func healthy() {
        let all = Doctor(probe: FakeSystem.healthy(), pcsc: Self.acr122Facts).run()
        #expect(all.allSatisfy { $0.severity <= .info }, "\(all.filter { $0.severity > .info })")
        #expect(all.contains { $0.check == "usb-readers" && $0.summary.contains("ACS ACR122U on bus 1 device 4") })
        #expect(all.contains { $0.check == "pcscd-holds-reader" })
    }

    @Test("pn533_usb loaded and bound to the reader is a problem with the modprobe fix")
    func kernelModuleGrabsReader() throws {
        var system = FakeSystem.healthy()
        system.files["/proc/modules"] =
            "pn533_usb 20480 0 - Live 0x0\npn533 45056 1 pn533_usb, Live 0x0\nnfc 126976 1 pn533, Live 0x0\n"
        system.links["/sys/bus/usb/devices/1-1:1.0/driver"] = "../../../../bus/usb/drivers/pn533_usb"
        let modules = try #require(findings(system, check: "kernel-modules").first)
        #expect(modules.severity == .warning)
        #expect(modules.summary.contains("nfc, pn533, pn533_usb"))
        let binding = try #require(findings(system, check: "usb-driver-binding").first)
        #expect(binding.severity == .problem)
        #expect(binding.fix?.contains("modprobe -r pn533_usb pn533 nfc") == true)
    }

    @Test("a missing blacklist names the modules and the file to install")
    func missingBlacklist() throws {
        var system = FakeSystem.healthy()
        system.files["/etc/modprobe.d/blacklist-libnfc.conf"] = "# blacklist nfc\nblacklist pn533\n"
        let finding = try #require(findings(system, check: "blacklist").first)
        #expect(finding.severity == .warning)
        #expect(finding.summary.contains("nfc, pn533_usb"))
        #expect(finding.fix?.contains("/etc/modprobe.d/blacklist-libnfc.conf") == true)
    }

    @Test("pcscd not running with a CCID reader plugged in is a problem; without one only information")
    func pcscdNotRunning() throws {
        var system = FakeSystem.healthy()
        system.processes = ["systemd"]
        system.modes["/run/pcscd/pcscd.comm"] = nil
        let down = PCSCFacts(reachable: false, readerNames: [])
        let withReader = try #require(findings(system, down, check: "pcscd").first)
        #expect(withReader.severity == .problem)
        #expect(withReader.fix?.contains("systemctl enable --now pcscd.socket") == true)
        system.directories["/sys/bus/usb/devices"] = []
        #expect(findings(system, down, check: "pcscd").first?.severity == .info)
    }

    @Test("pcscd running but blind to a plugged-in ACR122U is a problem")
    func pcscdSeesNothing() throws {
        let finding = try #require(
            findings(FakeSystem.healthy(), PCSCFacts(reachable: true, readerNames: []), check: "pcscd").first
        )
        #expect(finding.severity == .problem)
        #expect(finding.summary.contains("ACS ACR122U"))
    }

    @Test("a device node only root may open is a warning with the udev fix")
    func permissions() throws {
        var system = FakeSystem.healthy()
        system.modes["/dev/bus/usb/001/004"] = FilePermissions(mode: 0o600, owner: 0, group: 0)
        let finding = try #require(findings(system, check: "usb-permissions").first)
        #expect(finding.severity == .warning)
        #expect(finding.summary.contains("mode 600"))
        #expect(finding.fix?.contains("udev") == true)
    }

    @Test(
        "libccid's ifdDriverOptions decides whether an ACR122 gets tagless LED feedback",
        arguments: [("0x0000", DoctorFinding.Severity.warning), ("0x0001", .ok), ("0x0005", .ok), ("4", .warning)]
    )
    func ccidEscape(value: String, expected: DoctorFinding.Severity) throws {
        var system = FakeSystem.healthy()
        system.files["/usr/lib/pcsc/drivers/ifd-ccid.bundle/Contents/Info.plist"] =
            "<key>ifdVendorID</key><string>0x072F</string>\n<key>ifdDriverOptions</key>\n\t<string>\(value)</string>"
        let finding = try #require(findings(system, check: "ccid-escape").first)
        #expect(finding.severity == expected)
        if expected != .ok { #expect(finding.fix?.contains("0x0001") == true) }
    }

    @Test("a machine without sysfs or procfs (a container) is told so, not misdiagnosed")
    func container() {
        var system = FakeSystem.healthy()
        system.directories["/sys/bus/usb/devices"] = nil
        system.files["/proc/modules"] = nil
        let all = Doctor(probe: system, pcsc: Self.acr122Facts).run()
        #expect(all.first { $0.check == "usb-readers" }?.severity == .info)
        #expect(all.first { $0.check == "kernel-modules" }?.summary.contains("cannot be read") == true)
        #expect(!all.contains { $0.severity == .problem })
    }

    @Test("unknown USB devices are ignored; known ones are found among them")
    func unknownDevices() {
        var system = FakeSystem.healthy()
        system.plug("2-1", vendor: "046d", product: "c52b", bus: 2, device: 2, driver: "usbhid")
        system.plug("2-2", vendor: "04e6", product: "5591", bus: 2, device: 3, driver: nil)
        let devices = Doctor(probe: system, pcsc: Self.acr122Facts).usbReaders()
        #expect(devices.map(\.model.name) == ["ACS ACR122U", "SCM SCL3711"])
        #expect(devices[1].interfaceDrivers.isEmpty)
    }
}
