public import NFCTag

/// An NFC Forum Type 4 tag as an Android phone presents it with a host-card-emulation NDEF app.
///
/// Answers SELECT of the NDEF application (v2.0/v3.0 AID `D2760000850101` with or without Le, or the
/// v1.0 AID `…850100` when configured), SELECT of the CC file `E103` and the NDEF file (P2 `0C` or `00`),
/// and READ BINARY with offset and length checks; errors are the status words a phone returns
/// (`6A82`, `6B00`, `6700`, `6D00`, `6E00`, `6986`, `6982`). Every tap draws a new random UID.
public struct Type4TagModel: TagModel {
    /// How the NDEF application presents itself.
    public struct Configuration: Hashable, Sendable {
        /// The Type 4 mapping version the CC announces.
        public enum MappingVersion: Hashable, Sendable {
            /// Mapping 1.0: v1 AID, SELECT by file with P2 00, 2-byte NLEN.
            case v1
            /// Mapping 2.0: v2 AID, 2-byte NLEN (the usual phone app).
            case v2
            /// Mapping 3.0: v2 AID, ENDEF file control TLV and 4-byte ENLEN.
            case v3
        }

        /// The mapping version.
        public var mappingVersion: MappingVersion
        /// MLe: the most data bytes one READ BINARY returns.
        public var maximumResponseLength: Int
        /// MLc: the most data bytes one UPDATE BINARY takes.
        public var maximumCommandLength: Int
        /// The NDEF file identifier.
        public var ndefFileID: UInt16
        /// The NDEF file size announced in the CC (including NLEN/ENLEN); nil = exactly the content (at least 5).
        public var maximumNDEFFileSize: Int?

        /// Creates a configuration; the defaults are a typical Android HCE NDEF app.
        public init(
            mappingVersion: MappingVersion = .v2,
            maximumResponseLength: Int = 0xFF,
            maximumCommandLength: Int = 0xFF,
            ndefFileID: UInt16 = 0xE104,
            maximumNDEFFileSize: Int? = nil
        ) {
            self.mappingVersion = mappingVersion
            self.maximumResponseLength = maximumResponseLength
            self.maximumCommandLength = maximumCommandLength
            self.ndefFileID = ndefFileID
            self.maximumNDEFFileSize = maximumNDEFFileSize
        }
    }

    /// The v2.0/v3.0 NDEF application identifier.
    public static let applicationIDv2: [UInt8] = [0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01]
    /// The v1.0 NDEF application identifier.
    public static let applicationIDv1: [UInt8] = [0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x00]
    /// The ATS an emulating phone sends: FSCI 8 (256 bytes), 106 kbit/s only, FWI 7, CID supported.
    public static let phoneATS: [UInt8] = [0x05, 0x78, 0x80, 0x70, 0x02]

    private enum File: Hashable {
        case capabilityContainer, ndef
    }

    public let kind = TagModelKind.type4
    public private(set) var target: DetectedTarget
    /// The configuration the CC file announces.
    public let configuration: Configuration
    /// The CC file contents.
    public let capabilityContainerFile: [UInt8]
    /// The NDEF file contents (NLEN or ENLEN, message, zero padding up to the announced size).
    public let ndefFile: [UInt8]
    private var applicationSelected = false
    private var selectedFile: File?

    /// Creates an app presenting `ndefBytes` (an encoded NDEF message; empty for NLEN 0).
    ///
    /// - Throws: ``TagModelError`` when a limit is out of range or the message does not fit the file.
    public init(ndefBytes: [UInt8], configuration: Configuration = .init()) throws {
        let lengthSize = configuration.mappingVersion == .v3 ? 4 : 2
        let content = Self.bigEndian(ndefBytes.count, size: lengthSize) + ndefBytes
        let fileSize = configuration.maximumNDEFFileSize ?? max(content.count, 5)  // a CC cannot announce fewer than 5
        let sizeLimit = configuration.mappingVersion == .v3 ? 0xFFFF_FFFE : 0x7FFF
        guard (0x0F...0xFFFF).contains(configuration.maximumResponseLength),
            (0x01...0xFFFF).contains(configuration.maximumCommandLength),
            configuration.ndefFileID != 0xE103, configuration.ndefFileID != 0x0000, configuration.ndefFileID != 0xFFFF
        else {
            throw TagModelError(
                .invalidConfiguration,
                "MLe must be 15…65535, MLc 1…65535, the file ID not E103/0000/FFFF"
            )
        }
        guard content.count <= fileSize, fileSize <= sizeLimit, fileSize <= 1 << 20 else {
            throw TagModelError(
                .messageTooLarge,
                "a \(ndefBytes.count)-byte NDEF message does not fit an NDEF file of \(fileSize) bytes"
            )
        }
        self.configuration = configuration
        self.ndefFile = content + [UInt8](repeating: 0, count: fileSize - content.count)
        let mle = Self.bigEndian(configuration.maximumResponseLength, size: 2)
        let mlc = Self.bigEndian(configuration.maximumCommandLength, size: 2)
        let fileID = Self.bigEndian(Int(configuration.ndefFileID), size: 2)
        switch configuration.mappingVersion {
        case .v1, .v2:
            let version: UInt8 = configuration.mappingVersion == .v1 ? 0x10 : 0x20
            capabilityContainerFile =
                [0x00, 0x0F, version] + mle + mlc + [0x04, 0x06] + fileID + Self.bigEndian(fileSize, size: 2) + [
                    0x00, 0xFF,
                ]
        case .v3:
            capabilityContainerFile =
                [0x00, 0x11, 0x30] + mle + mlc + [0x06, 0x08] + fileID + Self.bigEndian(fileSize, size: 4) + [
                    0x00, 0xFF,
                ]
        }
        self.target = DetectedTarget(uid: Self.randomUID(), sensRes: [0x00, 0x04], selRes: 0x20, ats: Self.phoneATS)
    }

    public mutating func reselect() {
        applicationSelected = false
        selectedFile = nil
    }

    public mutating func enterField() {
        reselect()
        target.uid = Self.randomUID()
    }

    public mutating func respond(to command: [UInt8]) -> TagModelResponse {
        .data(answer(command))
    }

    /// A random 4-byte UID: first byte 08 marks a random NFCID1 (ISO/IEC 14443-3), as phones send.
    static func randomUID() -> [UInt8] {
        [0x08] + (0..<3).map { _ in UInt8.random(in: 0...0xFF) }
    }

    static func bigEndian(_ value: Int, size: Int) -> [UInt8] {
        (0..<size).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}

extension Type4TagModel {
    private static let ok: [UInt8] = [0x90, 0x00]
    private static let wrongLength: [UInt8] = [0x67, 0x00]
    private static let notFound: [UInt8] = [0x6A, 0x82]
    private static let wrongParameters: [UInt8] = [0x6A, 0x86]
    private static let offsetOutOfRange: [UInt8] = [0x6B, 0x00]
    private static let insNotSupported: [UInt8] = [0x6D, 0x00]
    private static let claNotSupported: [UInt8] = [0x6E, 0x00]
    private static let noCurrentFile: [UInt8] = [0x69, 0x86]
    private static let securityNotSatisfied: [UInt8] = [0x69, 0x82]

    /// A parsed command APDU (short or extended, ISO/IEC 7816-4 cases 1–4).
    private struct APDU {
        var cla, ins, p1, p2: UInt8
        var data: [UInt8]
        /// Ne: nil when absent; 256 (short) or 65536 (extended) for an encoded 0.
        var expectedLength: Int?

        init?(_ bytes: [UInt8]) {
            guard bytes.count >= 4 else { return nil }
            (cla, ins, p1, p2) = (bytes[0], bytes[1], bytes[2], bytes[3])
            let body = Array(bytes[4...])
            data = []
            expectedLength = nil
            if body.isEmpty { return }
            if body.count == 1 {
                expectedLength = body[0] == 0 ? 256 : Int(body[0])
                return
            }
            if body[0] != 0 {
                let lc = Int(body[0])
                if body.count == 1 + lc {
                    data = Array(body[1...])
                } else if body.count == 2 + lc {
                    data = Array(body[1...lc])
                    expectedLength = body[lc + 1] == 0 ? 256 : Int(body[lc + 1])
                } else {
                    return nil
                }
                return
            }
            // Extended length: 00 then two bytes.
            guard body.count >= 3 else { return nil }
            let length = Int(body[1]) << 8 | Int(body[2])
            if body.count == 3 {
                expectedLength = length == 0 ? 65536 : length
                return
            }
            guard length > 0 else { return nil }
            if body.count == 3 + length {
                data = Array(body[3...])
            } else if body.count == 5 + length {
                data = Array(body[3..<3 + length])
                let le = Int(body[3 + length]) << 8 | Int(body[4 + length])
                expectedLength = le == 0 ? 65536 : le
            } else {
                return nil
            }
        }
    }

    private mutating func answer(_ bytes: [UInt8]) -> [UInt8] {
        guard let apdu = APDU(bytes) else { return Self.wrongLength }
        guard apdu.cla == 0x00 else { return Self.claNotSupported }
        switch apdu.ins {
        case 0xA4: return select(apdu)
        case 0xB0: return readBinary(apdu)
        case 0xD6: return Self.securityNotSatisfied
        default: return Self.insNotSupported
        }
    }

    private mutating func select(_ apdu: APDU) -> [UInt8] {
        switch (apdu.p1, apdu.p2) {
        case (0x04, 0x00):
            let accepted =
                configuration.mappingVersion == .v1 ? Self.applicationIDv1 : Self.applicationIDv2
            guard apdu.data == accepted else {
                // Android answers an AID no service registered with 6A82 and deselects nothing else.
                return Self.notFound
            }
            applicationSelected = true
            selectedFile = nil
            return Self.ok
        case (0x00, 0x0C), (0x00, 0x00):
            guard applicationSelected else { return Self.notFound }
            guard apdu.data.count == 2 else { return Self.wrongLength }
            let id = UInt16(apdu.data[0]) << 8 | UInt16(apdu.data[1])
            if id == 0xE103 {
                selectedFile = .capabilityContainer
            } else if id == configuration.ndefFileID {
                selectedFile = .ndef
            } else {
                return Self.notFound
            }
            return Self.ok
        default:
            return Self.wrongParameters
        }
    }

    private func readBinary(_ apdu: APDU) -> [UInt8] {
        guard applicationSelected, let selectedFile else { return Self.noCurrentFile }
        guard apdu.data.isEmpty, let expected = apdu.expectedLength else { return Self.wrongLength }
        guard expected <= configuration.maximumResponseLength else { return Self.wrongLength }
        let file = selectedFile == .ndef ? ndefFile : capabilityContainerFile
        guard apdu.p1 & 0x80 == 0 else { return Self.wrongParameters }
        let offset = Int(apdu.p1) << 8 | Int(apdu.p2)
        guard offset <= file.count else { return Self.offsetOutOfRange }
        let end = min(file.count, offset + expected)
        return Array(file[offset..<end]) + Self.ok
    }
}
