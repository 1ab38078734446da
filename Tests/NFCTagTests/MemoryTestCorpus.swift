import Foundation

/// The shared real-tag corpus: `$HUKOU_CORPUS`, else `shared/corpus` next to the checkout or its parent.
enum MemoryTestCorpus {
    static var directory: URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var candidates = [
            root.appendingPathComponent("../shared/corpus"), root.appendingPathComponent("../../shared/corpus"),
        ]
        if let path = ProcessInfo.processInfo.environment["HUKOU_CORPUS"] {
            candidates.insert(URL(fileURLWithPath: path), at: 0)
        }
        return candidates.map(\.standardized).first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("type2").path)
        }
    }

}
