import Foundation
import HukouText
import NDEF
import NFCTag
import Testing

/// The real Type 2 images of the shared corpus (skipped when the corpus is absent).
@Suite(.enabled(if: MemoryTestCorpus.directory != nil, "the shared tag corpus is absent"))
struct MemoryCorpusTests {
    enum Expected: Sendable {
        case records(Int)
        case error(TagFormatError.Code)
    }

    /// What each image holds, from the corpus notes.
    static let expected: [String: Expected] = [
        "androidcrypto-1.hex": .error(.invalidMagicNumber),  // never formatted, page 3 all zero
        "chameleonmini-1.hex": .records(1),  // no Terminator, opaque bytes after the NDEF TLV
        "ckuenzi-1.hex": .records(1),  // vendor data after the Terminator
        "dng-ace-1.hex": .error(.unknownTLV),  // vendor binary under an E1 CC: no false empty NDEF TLV
        "dng-elg-1.hex": .records(1),
        "fzfw-1.hex": .records(1),
        "fzfw-2.hex": .error(.unknownTLV),  // two NULL TLVs then vendor data
        "fzfw-3.hex": .records(0),
        "fzfw-4.hex": .error(.invalidMagicNumber),
        "fzfw-5.hex": .error(.invalidMagicNumber),
        "pm3-1.hex": .records(0),
        "uberguidoz-1.hex": .records(0),
        "uberguidoz-2.hex": .records(0),
        "uberguidoz-3.hex": .records(0),
        "uberguidoz-4.hex": .records(1),
        "uberguidoz-5.hex": .records(1),  // stale bytes after the Terminator
        "uberguidoz-6.hex": .records(2),
        "uberguidoz-7.hex": .records(1),
        "uberguidoz-8.hex": .records(1),
        "uberguidoz-9.hex": .records(1),
        "umtag-1.hex": .error(.unknownTLV),  // a bare NDEF message with no TLV
    ]

    static func images() throws -> [(name: String, image: [UInt8])] {
        guard let corpus = MemoryTestCorpus.directory else { return [] }
        let directory = corpus.appendingPathComponent("type2")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".hex") }
            .sorted()
            .map { name in
                let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                return (name, try Hex.decode(text))
            }
    }

    @Test func everyImageDecodesAsDocumented() throws {
        let images = try Self.images()
        #expect(images.count == Self.expected.count)
        for (name, image) in images {
            let expected = try #require(Self.expected[name], "no expectation for \(name)")
            switch expected {
            case .records(let count):
                let message = try Type2Memory.ndefMessage(image: image)
                #expect(message.records.count == count, "\(name)")
            case .error(let code):
                let error = #expect(throws: TagFormatError.self, "\(name)") {
                    try Type2Memory.ndefMessage(image: image)
                }
                #expect(error?.code == code, "\(name)")
            }
        }
    }

    @Test func knownURIs() throws {
        let uris = [
            "chameleonmini-1.hex": "http://www.ttag.be/m/041A74D9A12581",
            "ckuenzi-1.hex": "https://www.philips.com/nfcbrushheadtap",
            "uberguidoz-9.hex": "tel:112",
        ]
        for (name, image) in try Self.images() {
            guard let uri = uris[name] else { continue }
            #expect(try Type2Memory.ndefMessage(image: image).records.first?.decodeURI() == uri, "\(name)")
        }
    }

    @Test func readingFourPagesAtATimeFindsTheSameNDEF() throws {
        for (name, image) in try Self.images() {
            guard image.count > 16, let cc = try? Type2CapabilityContainer(Array(image[12..<16])) else { continue }
            let dataArea = Array(image[16...])
            guard let full = try? Type2TLVScanner.scan(dataArea, dataAreaSize: cc.dataAreaSize) else { continue }
            var available = min(16, dataArea.count)
            while true {
                let scan = try Type2TLVScanner.scan(Array(dataArea[..<available]), dataAreaSize: cc.dataAreaSize)
                guard case .needMore(let count) = scan else {
                    #expect(scan == full, "\(name)")
                    break
                }
                try #require(count > available && count <= dataArea.count, "\(name)")
                available = min(dataArea.count, (count + 15) / 16 * 16)
            }
        }
    }
}
