import Foundation

/// Paths the tests use: the package root (from this file's path), the ndeflib virtual environment and the
/// shared real-tag corpus.
enum TestEnvironment {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `.venv/bin/python` when ndeflib's environment exists.
    static var ndeflibPython: String? {
        let path = packageRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Whether we run under CI, where a missing environment is a failure rather than a skip.
    static var isCI: Bool {
        let value = ProcessInfo.processInfo.environment["CI"]?.lowercased()
        return value != nil && value != "" && value != "false" && value != "0"
    }

    /// The real-tag corpus: `$HUKOU_CORPUS`, else `shared/corpus` next to the checkout or its parent.
    static var corpus: URL? {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["HUKOU_CORPUS"] {
            candidates.append(URL(fileURLWithPath: path))
        }
        candidates.append(packageRoot.appendingPathComponent("../shared/corpus").standardized)
        candidates.append(packageRoot.appendingPathComponent("../../shared/corpus").standardized)
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("ndef").path) }
    }

    /// The `.hex` files of a corpus folder, sorted, with their contents.
    static func corpusFiles(_ folder: String) throws -> [(name: String, hex: String)] {
        guard let corpus else { return [] }
        let directory = corpus.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".hex") }
            .sorted()
            .map { ($0, try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) }
    }
}
