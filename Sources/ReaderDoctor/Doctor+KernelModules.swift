extension Doctor {
    /// The NFC kernel modules that are loaded, from `/proc/modules`; nil when it cannot be read.
    public func loadedNFCModules() -> [String]? {
        guard let text = probe.contents(of: paths.modules) else { return nil }
        let loaded = Set(text.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
        return Self.nfcKernelModules.filter(loaded.contains)
    }

    func kernelModuleFindings(_ devices: [USBReaderDevice]) -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        let unload = "sudo modprobe -r pn533_usb pn533 nfc, and install the blacklist (see the blacklist check)"
        if let loaded = loadedNFCModules() {
            if loaded.isEmpty {
                findings.append(
                    DoctorFinding(
                        check: "kernel-modules",
                        severity: .ok,
                        summary: "none of the kernel NFC modules (nfc, pn533, pn533_usb) is loaded"
                    )
                )
            } else {
                findings.append(
                    DoctorFinding(
                        check: "kernel-modules",
                        severity: .warning,
                        summary: "kernel NFC modules loaded: \(loaded.joined(separator: ", ")); pn533_usb claims "
                            + "PN533, SCL3711 and ACR122U readers before libnfc or pcscd can",
                        fix: unload
                    )
                )
            }
        } else {
            findings.append(
                DoctorFinding(
                    check: "kernel-modules",
                    severity: .info,
                    summary: "\(paths.modules) cannot be read (a container?); kernel modules not checked"
                )
            )
        }
        for device in devices {
            let kernelDrivers = device.interfaceDrivers.filter { Self.nfcKernelModules.contains($0) }
            if let driver = kernelDrivers.first {
                findings.append(
                    DoctorFinding(
                        check: "usb-driver-binding",
                        severity: .problem,
                        summary: "the \(device.model.name) (\(device.sysfsName)) is held by the kernel driver "
                            + "\(driver): libnfc fails with \"Unable to claim USB interface\" and pcscd cannot use it",
                        fix: unload + ", then replug the reader"
                    )
                )
            } else if device.interfaceDrivers.contains("usbfs") {
                findings.append(
                    DoctorFinding(
                        check: "usb-driver-binding",
                        severity: .info,
                        summary: "the \(device.model.name) (\(device.sysfsName)) is claimed by a program "
                            + "(pcscd or libnfc); only one of them can use it at a time"
                    )
                )
            } else {
                findings.append(
                    DoctorFinding(
                        check: "usb-driver-binding",
                        severity: .ok,
                        summary: "no kernel driver holds the \(device.model.name) (\(device.sysfsName))"
                    )
                )
            }
        }
        return findings
    }

    func blacklistFindings() -> [DoctorFinding] {
        var blacklisted = Set<String>()
        for file in probe.entries(of: paths.modprobeDirectory) ?? [] where file.hasSuffix(".conf") {
            for line in (probe.contents(of: paths.modprobeDirectory + "/" + file) ?? "").split(separator: "\n") {
                let words = line.split(whereSeparator: \.isWhitespace)
                if words.count >= 2, words[0] == "blacklist" { blacklisted.insert(String(words[1])) }
            }
        }
        let missing = Self.nfcKernelModules.filter { !blacklisted.contains($0) }
        guard !missing.isEmpty else {
            return [
                DoctorFinding(
                    check: "blacklist",
                    severity: .ok,
                    summary: "nfc, pn533 and pn533_usb are blacklisted in \(paths.modprobeDirectory)"
                )
            ]
        }
        return [
            DoctorFinding(
                check: "blacklist",
                severity: .warning,
                summary: "not blacklisted: \(missing.joined(separator: ", ")); the kernel loads them again whenever "
                    + "the reader is plugged in",
                fix: "install Hardware's blacklist as \(paths.blacklistFile) (lines: blacklist nfc, blacklist pn533, "
                    + "blacklist pn533_usb) and run `sudo update-initramfs -u`"
            )
        ]
    }
}
