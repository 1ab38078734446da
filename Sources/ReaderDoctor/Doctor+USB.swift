extension Doctor {
    /// The known readers on the USB bus, from sysfs; empty when sysfs cannot be read.
    public func usbReaders() -> [USBReaderDevice] {
        guard let names = probe.entries(of: paths.usbDevices) else { return [] }
        return names.filter { !$0.contains(":") }.compactMap { name in
            let base = paths.usbDevices + "/" + name
            guard let vendor = hexAttribute(base + "/idVendor"), let product = hexAttribute(base + "/idProduct"),
                let model = USBReaderModel.model(vendorID: vendor, productID: product)
            else { return nil }
            let bus = intAttribute(base + "/busnum") ?? 0
            let device = intAttribute(base + "/devnum") ?? 0
            let drivers = names.filter { $0.hasPrefix(name + ":") }.sorted().compactMap { interface in
                probe.linkTarget(of: paths.usbDevices + "/" + interface + "/driver").map { target in
                    String(target.split(separator: "/").last ?? Substring(target))
                }
            }
            return USBReaderDevice(sysfsName: name, model: model, bus: bus, device: device, interfaceDrivers: drivers)
        }
    }

    func usbReaderFindings(_ devices: [USBReaderDevice]) -> [DoctorFinding] {
        guard probe.entries(of: paths.usbDevices) != nil else {
            return [
                DoctorFinding(
                    check: "usb-readers",
                    severity: .info,
                    summary: "\(paths.usbDevices) cannot be read (a container without sysfs?); USB checks skipped",
                    fix: "run `hukou doctor` on the machine the reader is plugged into"
                )
            ]
        }
        guard !devices.isEmpty else {
            return [
                DoctorFinding(
                    check: "usb-readers",
                    severity: .info,
                    summary: "no known USB NFC reader is plugged in",
                    fix: "plug the reader in; `lsusb` shows it even when the doctor does not know its model"
                )
            ]
        }
        return devices.map { device in
            DoctorFinding(
                check: "usb-readers",
                severity: .ok,
                summary: "\(device.model.name) on bus \(device.bus) device \(device.device) (\(device.sysfsName))"
            )
        }
    }

    func permissionFindings(_ devices: [USBReaderDevice]) -> [DoctorFinding] {
        devices.compactMap { device in
            let node = device.node(under: paths.usbDeviceNodes)
            guard let permissions = probe.permissions(of: node) else {
                return DoctorFinding(
                    check: "usb-permissions",
                    severity: .warning,
                    summary: "\(node) of the \(device.model.name) does not exist",
                    fix: "replug the reader; check that udev runs"
                )
            }
            let octal = String(permissions.mode & 0o777, radix: 8)
            guard permissions.mode & 0o066 == 0 else {
                return DoctorFinding(
                    check: "usb-permissions",
                    severity: .ok,
                    summary: "\(node) (\(device.model.name)) has mode \(octal): a group or every user may open it"
                )
            }
            let who = device.model.speaksCCID ? "libnfc run as a non-root user" : "the daemon's dedicated user"
            return DoctorFinding(
                check: "usb-permissions",
                severity: .warning,
                summary: "\(node) (\(device.model.name)) has mode \(octal): only root can open it, not \(who)",
                fix: "install the udev rules from Hardware/ into /etc/udev/rules.d/ (MODE=\"0660\", "
                    + "GROUP=\"plugdev\"), add the daemon's user to that group, then `udevadm trigger` and replug"
            )
        }
    }

    private func hexAttribute(_ path: String) -> UInt16? {
        probe.contents(of: path).flatMap { UInt16($0.trimmedWhiteSpace, radix: 16) }
    }

    private func intAttribute(_ path: String) -> Int? {
        probe.contents(of: path).flatMap { Int($0.trimmedWhiteSpace) }
    }
}
