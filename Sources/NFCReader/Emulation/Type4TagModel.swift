public import NFCTag

/// An NFC Forum Type 4 tag as an Android phone presents it with a host-card-emulation NDEF app.
///
/// Answers SELECT of the NDEF application (v2.0/v3.0 AID `D2760000850101` with or without Le, or the
/// v1.0 AID `…850100` when configured), SELECT of the CC file `E103` and the NDEF file (P2 `0C` or `00`),
/// READ BINARY with offset and length checks, and UPDATE BINARY of the NDEF file when the configuration makes it
/// writable (a receipt app keeps a writable file; the CC file is never writable); errors are the status words a
/// phone returns (`6A82`, `6B00`, `6700`, `6A84`, `6D00`, `6E00`, `6986`, `6982`). Every tap draws a new random UID.
/// The file keeps what a reader wrote across taps, as an app keeps its file while it runs.
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
        /// Whether the CC grants write access (`00`) and UPDATE BINARY changes the NDEF file; else `FF` and `6982`.
        public var isWritable: Bool

        /// Creates a configuration; the defaults are a typical Android HCE NDEF app.
        public init(
            mappingVersion: MappingVersion = .v2,
            maximumResponseLength: Int = 0xFF,
            maximumCommandLength: Int = 0xFF,
            ndefFileID: UInt16 = 0xE104,
            maximumNDEFFileSize: Int? = nil,
            isWritable: Bool = true
        ) {
            self.mappingVersion = mappingVersion
            self.maximumResponseLength = maximumResponseLength
            self.maximumCommandLength = maximumCommandLength
            self.ndefFileID = ndefFileID
            self.maximumNDEFFileSize = maximumNDEFFileSize
            self.isWritable = isWritable
        }

        /// A phone app that asks for a receipt: its NDEF file has room for one (2 KiB), whatever it presents.
        public static let receiptPhone = Configuration(maximumNDEFFileSize: 0x0800)
    }

    /// The v2.0/v3.0 NDEF application identifier.
    public static let applicationIDv2: [UInt8] = [0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01]
    /// The v1.0 NDEF application identifier.
    public static let applicationIDv1: [UInt8] = [0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x00]
    /// The ATS an emulating phone sends: FSCI 8 (256 bytes), 106 kbit/s only, FWI 7, CID supported.
    public static let phoneATS: [UInt8] = [0x05, 0x78, 0x80, 0x70, 0x02]

    enum File: Hashable {
        case capabilityContainer, ndef
    }

    public let kind = TagModelKind.type4
    public private(set) var target: DetectedTarget
    /// The configuration the CC file announces.
    public let configuration: Configuration
    /// The CC file contents.
    public let capabilityContainerFile: [UInt8]
    /// The NDEF file contents (NLEN or ENLEN, message, zero padding up to the announced size), as last written.
    public internal(set) var ndefFile: [UInt8]
    /// How many writes completed: UPDATE BINARY made the length field non-zero (the last step of a write).
    public internal(set) var completedNDEFWrites = 0
    var applicationSelected = false
    var selectedFile: File?

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
        let write: UInt8 = configuration.isWritable ? 0x00 : 0xFF
        let mle = Self.bigEndian(configuration.maximumResponseLength, size: 2)
        let mlc = Self.bigEndian(configuration.maximumCommandLength, size: 2)
        let fileID = Self.bigEndian(Int(configuration.ndefFileID), size: 2)
        switch configuration.mappingVersion {
        case .v1, .v2:
            let version: UInt8 = configuration.mappingVersion == .v1 ? 0x10 : 0x20
            capabilityContainerFile =
                [0x00, 0x0F, version] + mle + mlc + [0x04, 0x06] + fileID + Self.bigEndian(fileSize, size: 2) + [
                    0x00, write,
                ]
        case .v3:
            capabilityContainerFile =
                [0x00, 0x11, 0x30] + mle + mlc + [0x06, 0x08] + fileID + Self.bigEndian(fileSize, size: 4) + [
                    0x00, write,
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

    /// The NDEF message the file holds now, by its NLEN/ENLEN (empty for 0; nil if the length field is out of range).
    public var ndefMessage: [UInt8]? {
        let fieldSize = configuration.mappingVersion == .v3 ? 4 : 2
        let length = ndefFile.prefix(fieldSize).reduce(0) { $0 << 8 | Int($1) }
        guard fieldSize + length <= ndefFile.count else { return nil }
        return Array(ndefFile[fieldSize..<fieldSize + length])
    }
    /// A random 4-byte UID: first byte 08 marks a random NFCID1 (ISO/IEC 14443-3), as phones send.
    static func randomUID() -> [UInt8] {
        [0x08] + (0..<3).map { _ in UInt8.random(in: 0...0xFF) }
    }

    static func bigEndian(_ value: Int, size: Int) -> [UInt8] {
        (0..<size).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}
