public import Foundation

/// Where the `hukou` executable under test is: `$HUKOU_BIN`, else `<package root>/.build/debug/hukou`.
public enum HukouBinary {
    /// The package root, from this file's path (`Tests/HukouTestSupport/HukouBinary.swift`).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// `$HUKOU_BIN` when set and not empty, else `<package root>/.build/debug/hukou`.
    public static var path: String {
        if let path = ProcessInfo.processInfo.environment["HUKOU_BIN"], !path.isEmpty { return path }
        return packageRoot.appendingPathComponent(".build/debug/hukou").path
    }

    /// Whether ``path`` names an executable file.
    public static var exists: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// ``path`` when it exists, else `nil` (for `.enabled(if:)` traits).
    public static var pathIfBuilt: String? { exists ? path : nil }
}
