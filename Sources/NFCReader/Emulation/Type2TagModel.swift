public import NFCTag

/// An NFC Forum Type 2 tag (NTAG21x, MIFARE Ultralight and Ultralight EV1) emulated over its memory image.
///
/// Answers READ `30 pp` (16 bytes, rolling over at the end of memory), FAST_READ `3A ss ee`
/// (end page inclusive; a bad range is NAKed), GET_VERSION `60` and READ_SIG `3C 00` where the chip has
/// them. Anything else is NAKed, after which the tag stays mute until ``reselect()``, as the chips do.
/// Writes are not emulated: the counter only reads.
public struct Type2TagModel: TagModel {
    /// The NAK a chip sends for an invalid argument or an unsupported command.
    public static let invalidArgumentNAK: UInt8 = 0x0

    public let kind: TagModelKind
    public let target: DetectedTarget
    /// The whole memory, 4 bytes per page, as READ would return it.
    public private(set) var memory: [UInt8]
    /// The 8 GET_VERSION bytes, or nil for a chip without GET_VERSION.
    public let version: [UInt8]?
    /// The 32-byte originality signature returned by READ_SIG, or nil without READ_SIG.
    public let signature: [UInt8]?
    /// Whether FAST_READ is supported.
    public let supportsFastRead: Bool
    /// True after a NAK until the next ``reselect()``.
    public private(set) var isMute = false

    /// The number of 4-byte pages.
    public var pageCount: Int { memory.count / 4 }

    /// Creates a model over a full memory image (a multiple of 4 bytes, at least 4 pages).
    ///
    /// - Throws: ``TagModelError`` when the image is not whole pages.
    public init(
        kind: TagModelKind,
        memory: [UInt8],
        version: [UInt8]?,
        signature: [UInt8]?,
        supportsFastRead: Bool,
        sensRes: [UInt8] = [0x00, 0x44],
        selRes: UInt8 = 0x00
    ) throws {
        guard memory.count % 4 == 0, memory.count >= 16, memory.count <= 256 * 4 else {
            throw TagModelError(.invalidConfiguration, "a Type 2 memory image must be 4 to 256 whole pages")
        }
        self.kind = kind
        self.memory = memory
        self.version = version
        self.signature = signature
        self.supportsFastRead = supportsFastRead
        let uid = Array(memory[0..<3]) + Array(memory[4..<8])
        self.target = DetectedTarget(uid: uid, sensRes: sensRes, selRes: selRes)
    }

    public mutating func respond(to command: [UInt8]) -> TagModelResponse {
        guard !isMute else { return .mute }
        guard let code = command.first else { return nak() }
        switch (code, command.count) {
        case (0x30, 2):
            return read(page: Int(command[1]))
        case (0x3A, 3) where supportsFastRead:
            return fastRead(from: Int(command[1]), to: Int(command[2]))
        case (0x60, 1):
            guard let version else { return nak() }
            return .data(version)
        case (0x3C, 2) where command[1] == 0x00:
            guard let signature else { return nak() }
            return .data(signature)
        default:
            return nak()
        }
    }

    public mutating func reselect() {
        isMute = false
    }

    private mutating func nak() -> TagModelResponse {
        isMute = true
        return .data([Self.invalidArgumentNAK])
    }

    private mutating func read(page: Int) -> TagModelResponse {
        guard page < pageCount else { return nak() }
        var out: [UInt8] = []
        out.reserveCapacity(16)
        for step in 0..<4 {
            let start = ((page + step) % pageCount) * 4
            out.append(contentsOf: memory[start..<start + 4])
        }
        return .data(out)
    }

    private mutating func fastRead(from start: Int, to end: Int) -> TagModelResponse {
        guard start <= end, end < pageCount else { return nak() }
        return .data(Array(memory[start * 4..<(end + 1) * 4]))
    }
}
