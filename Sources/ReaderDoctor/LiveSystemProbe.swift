import Foundation

/// The ``SystemProbe`` of the machine this program runs on: files, sysfs, procfs.
public struct LiveSystemProbe: SystemProbe {
    /// Files longer than this are not read (sysfs attributes and config files are tiny).
    private static let maximumFileSize = 1 << 20

    /// Creates the probe.
    public init() {}

    public func contents(of path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: Self.maximumFileSize) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    public func entries(of directory: String) -> [String]? {
        try? FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    public func linkTarget(of path: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    public func permissions(of path: String) -> FilePermissions? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let mode = attributes[.posixPermissions] as? NSNumber,
            let owner = attributes[.ownerAccountID] as? NSNumber,
            let group = attributes[.groupOwnerAccountID] as? NSNumber
        else { return nil }
        return FilePermissions(mode: mode.uint32Value, owner: owner.uint32Value, group: group.uint32Value)
    }

    public func processNames() -> [String] {
        (entries(of: "/proc") ?? []).filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            contents(of: "/proc/\(pid)/comm")?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
