import Foundation
import HukouTesting
import HukouText
import NDEF
import NFCReader
import NFCTag
import Testing

/// Real Type 2 tag images (../shared/corpus/type2, not part of the repository) served by the tag model and read
/// with the protocol: the result must match the pure memory decoder on the whole image, success or failure.
@Suite("Real tag images through the Type 2 protocol")
struct CorpusReadTests {
    /// `$HUKOU_CORPUS/type2`, else `shared/corpus/type2` next to the checkout or its parent.
    static let folder: URL = {
        if let path = ProcessInfo.processInfo.environment["HUKOU_CORPUS"], !path.isEmpty {
            return URL(fileURLWithPath: path).appendingPathComponent("type2")
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = ["../shared/corpus/type2", "../../shared/corpus/type2"].map {
            root.appendingPathComponent($0).standardized
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates[0]
    }()

    static var images: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".hex") }.sorted()
    }

    static func memory(_ name: String) throws -> [UInt8] {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return try Hex.decode(text.split(whereSeparator: \.isNewline).joined())
    }

    @Test(
        "Protocol read equals the decoder on the image",
        .enabled(if: !images.isEmpty, "the corpus folder ../shared/corpus is absent"),
        arguments: images
    )
    func matchesDecoder(name: String) throws {
        let memory = try Self.memory(name)
        let expected = Result { try Type2Memory.ndefMessage(image: memory) }
        if case .failure(let error as TagFormatError) = expected, error.code == .truncatedImage {
            return  // a partial dump: a chip would answer past it, the image cannot say what with
        }
        // As an Ultralight (READ only) and as an NTAG21x of its size (GET_VERSION, FAST_READ).
        let version: [UInt8]? =
            switch memory.count / 4 {
            case 45: [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x0F, 0x03]
            case 135: [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x11, 0x03]
            case 231: [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x13, 0x03]
            default: nil
            }
        var models = [
            try Type2TagModel(kind: .ultralight, memory: memory, version: nil, signature: nil, supportsFastRead: false)
        ]
        if let version {
            models.append(
                try Type2TagModel(
                    kind: .ntag215,
                    memory: memory,
                    version: version,
                    signature: nil,
                    supportsFastRead: true
                )
            )
        }
        for model in models {
            let transceiver = EmulatorTransceiver(
                TagEmulator(model),
                limits: TransceiverLimits(maximumCommandLength: 252, maximumResponseLength: 252)
            )
            let read = Result { try TagActivator.readNDEF(from: model.target, over: transceiver).message }
            switch (expected, read) {
            case (.success(let want), .success(let got)):
                #expect(got == want, "\(name) as \(model.version == nil ? "Ultralight" : "NTAG")")
            case (.failure, .failure(let error)):
                #expect(error is TagError, "\(name): \(error)")
            default:
                Issue.record(
                    "\(name) as \(model.version == nil ? "Ultralight" : "NTAG"): decoder \(expected), read \(read)"
                )
            }
        }
    }
}
