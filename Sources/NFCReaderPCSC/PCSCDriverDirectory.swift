import Foundation

/// Which pcsc-lite driver serves a reader, worked out from the drivers' own configuration, since pcscd does not
/// report it: the serial and virtual readers declared in `/etc/reader.conf.d` (FRIENDLYNAME and LIBPATH), and the
/// USB readers libccid lists in its `Info.plist` (`ifdFriendlyName`).
struct PCSCDriverDirectory: Hashable, Sendable {
    /// A reader.conf entry: the friendly name pcscd puts in front of the slot number, and the driver library.
    struct ConfiguredReader: Hashable, Sendable {
        var friendlyName: String
        var library: String
    }

    var configuredReaders: [ConfiguredReader]
    var ccidReaderNames: [String]

    /// The driver of the reader called `name`, or a guess from the name when no configuration mentions it.
    func driver(for name: String) -> String {
        if let configured = configuredReaders.first(where: { name.hasPrefix($0.friendlyName) }) {
            let library = configured.library.split(separator: "/").last.map(String.init) ?? configured.library
            let kind = library.contains("vpcd") ? " (vsmartcard virtual reader)" : ""
            return library + kind
        }
        if ccidReaderNames.contains(where: { name.hasPrefix($0) }) { return "libccid (USB CCID)" }
        if name.uppercased().contains("VIRTUAL PCD") { return "vpcd (vsmartcard virtual reader)" }
        return "unknown pcsc-lite driver (not in reader.conf.d nor libccid's list)"
    }

    /// Reads the configuration of this machine (files larger than 1 MiB and unreadable files are skipped).
    static func load(
        readerConfDirectory: String = "/etc/reader.conf.d",
        ccidInfoPlist: String = "/usr/lib/pcsc/drivers/ifd-ccid.bundle/Contents/Info.plist"
    ) -> PCSCDriverDirectory {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: readerConfDirectory)) ?? []
        let configured = files.sorted().flatMap { file in
            parseReaderConf(read(readerConfDirectory + "/" + file) ?? "")
        }
        return PCSCDriverDirectory(
            configuredReaders: configured,
            ccidReaderNames: parseFriendlyNames(read(ccidInfoPlist) ?? "")
        )
    }

    /// The FRIENDLYNAME/LIBPATH pairs of a reader.conf file.
    static func parseReaderConf(_ text: String) -> [ConfiguredReader] {
        var readers: [ConfiguredReader] = []
        var friendlyName: String?
        for line in text.split(separator: "\n") {
            let words = line.split(maxSplits: 1, whereSeparator: \.isWhitespace)
            guard words.count == 2, !words[0].hasPrefix("#") else { continue }
            let value = words[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(["\""]))
            switch words[0] {
            case "FRIENDLYNAME": friendlyName = value
            case "LIBPATH":
                if let name = friendlyName { readers.append(ConfiguredReader(friendlyName: name, library: value)) }
                friendlyName = nil
            default: continue
            }
        }
        return readers
    }

    /// The `<string>`s of the `ifdFriendlyName` array in libccid's Info.plist.
    static func parseFriendlyNames(_ plist: String) -> [String] {
        guard let key = plist.range(of: "<key>ifdFriendlyName</key>"),
            let end = plist.range(of: "</array>", range: key.upperBound..<plist.endIndex)
        else { return [] }
        return plist[key.upperBound..<end.lowerBound].components(separatedBy: "<string>").dropFirst().compactMap {
            $0.components(separatedBy: "</string>").first
        }
    }

    private static func read(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 1 << 20) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
