import Foundation

extension Doctor {
    /// Whether a process named `pcscd` runs.
    public var pcscdRunning: Bool { probe.processNames().contains("pcscd") }

    func pcscdFindings(_ devices: [USBReaderDevice]) -> [DoctorFinding] {
        let ccidReaders = devices.filter(\.model.speaksCCID)
        let socketExists = probe.permissions(of: paths.pcscdSocket) != nil
        guard pcsc.reachable else {
            let running = pcscdRunning || socketExists
            return [
                DoctorFinding(
                    check: "pcscd",
                    severity: ccidReaders.isEmpty ? .info : .problem,
                    summary: socketExists
                        ? "\(paths.pcscdSocket) exists but pcscd does not answer on it"
                        : running
                            ? "a pcscd process runs but \(paths.pcscdSocket) is missing (started elsewhere, or crashed)"
                            : "pcscd is not running"
                                + (ccidReaders.isEmpty
                                    ? "" : "; the \(ccidReaders[0].model.name) is read through it"),
                    fix: running
                        ? "restart it: sudo systemctl restart pcscd.socket pcscd"
                        : "sudo apt-get install pcscd libccid && sudo systemctl enable --now pcscd.socket"
                )
            ]
        }
        var findings: [DoctorFinding] = []
        if pcsc.readerNames.isEmpty {
            findings.append(
                DoctorFinding(
                    check: "pcscd",
                    severity: ccidReaders.isEmpty ? .info : .problem,
                    summary: ccidReaders.isEmpty
                        ? "pcscd runs and lists no reader"
                        : "pcscd runs but lists no reader although the \(ccidReaders[0].model.name) is plugged in",
                    fix: ccidReaders.isEmpty
                        ? nil : "see the kernel-module checks above; replug the reader; is libccid installed?"
                )
            )
        } else {
            findings.append(
                DoctorFinding(
                    check: "pcscd",
                    severity: .ok,
                    summary: "pcscd runs and lists: " + pcsc.readerNames.map { "'\($0)'" }.joined(separator: ", ")
                )
            )
        }
        for device in devices where device.interfaceDrivers.contains("usbfs") && !pcsc.readerNames.isEmpty {
            let held = pcsc.readerNames.contains { name in
                device.model.name.split(separator: " ").dropFirst().contains { name.contains($0) }
            }
            guard held else { continue }
            findings.append(
                DoctorFinding(
                    check: "pcscd-holds-reader",
                    severity: .info,
                    summary: "pcscd holds the \(device.model.name): read it with --reader pcsc; libnfc's "
                        + "acr122_usb/pn53x_usb cannot open it while pcscd runs",
                    fix: "use the pcsc backend, or stop pcscd (systemctl stop pcscd.socket pcscd) to use libnfc"
                )
            )
        }
        return findings
    }

    /// libccid's `ifdDriverOptions` from its Info.plist; nil when the file or key is missing.
    public func ccidDriverOptions() -> UInt32? {
        guard let plist = probe.contents(of: paths.ccidInfoPlist),
            let key = plist.range(of: "<key>ifdDriverOptions</key>")
        else { return nil }
        let rest = plist[key.upperBound...]
        guard let open = rest.range(of: "<string>"), let close = rest.range(of: "</string>"),
            open.upperBound <= close.lowerBound
        else { return nil }
        let value = rest[open.upperBound..<close.lowerBound].trimmedWhiteSpace.lowercased()
        return value.hasPrefix("0x") ? UInt32(value.dropFirst(2), radix: 16) : UInt32(value)
    }

    func ccidEscapeFindings(_ devices: [USBReaderDevice]) -> [DoctorFinding] {
        let acr122 = devices.first { $0.model.isACR122 }
        guard let options = ccidDriverOptions() else {
            return [
                DoctorFinding(
                    check: "ccid-escape",
                    severity: acr122 == nil ? .info : .warning,
                    summary: "libccid's \(paths.ccidInfoPlist) is missing or has no ifdDriverOptions",
                    fix: "sudo apt-get install libccid"
                )
            ]
        }
        let digits = String(options, radix: 16)
        let hex = "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        if options & 0x0001 != 0 {
            return [
                DoctorFinding(
                    check: "ccid-escape",
                    severity: .ok,
                    summary: "libccid allows the CCID escape (ifdDriverOptions \(hex)): ACR122 LED and buzzer work "
                        + "without a tag"
                )
            ]
        }
        let fix =
            "in \(paths.ccidInfoPlist) set the <string> after <key>ifdDriverOptions</key> to 0x0001 "
            + "(0x0005 for ACR122 firmware that needs it), then sudo systemctl restart pcscd"
        return [
            DoctorFinding(
                check: "ccid-escape",
                severity: acr122 == nil ? .info : .warning,
                summary: "libccid forbids the CCID escape (ifdDriverOptions \(hex)): "
                    + (acr122 == nil
                        ? "only matters for an ACR122"
                        : "the ACR122U gives LED/buzzer feedback only while the tag is still on it, and libnfc's "
                            + "acr122_pcsc driver cannot talk to it"),
                fix: fix
            )
        ]
    }
}
