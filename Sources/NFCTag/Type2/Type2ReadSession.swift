/// The bytes read so far from page 3 on, and how to read more.
struct Type2ReadSession {
    var io: CountingTransceiver
    var useFastRead: Bool
    let pagesPerFrame: Int
    /// Bytes from page 3 (the CC) on.
    private(set) var bytes: [UInt8] = []

    init(io: CountingTransceiver, useFastRead: Bool, pagesPerFrame: Int) {
        self.io = io
        self.useFastRead = useFastRead
        self.pagesPerFrame = pagesPerFrame
        bytes.reserveCapacity(pagesPerFrame * 4)
    }

    /// The first page not read yet.
    var nextPage: Int { 3 + bytes.count / 4 }

    /// Reads at least through page `endPage`; each command may read on up to page `limit` (≥ `endPage`)
    /// when that costs no extra command.
    mutating func read(through endPage: Int, upTo limit: Int) throws(TagError) {
        while nextPage <= endPage {
            if useFastRead {
                let last = min(limit, nextPage + pagesPerFrame - 1)
                let command: [UInt8] = [0x3A, UInt8(nextPage), UInt8(last)]
                switch io.trySend(command) {
                case .success(let response) where response.count == (last - nextPage + 1) * 4:
                    bytes += response
                    continue
                case .success(let response) where Type2Tag.isNAK(response):
                    // FAST_READ unsupported after all: the tag is mute now; wake it and read page by page.
                    try io.reselect(after: command)
                    useFastRead = false
                    continue
                case .success(let response):
                    throw TagError(
                        .invalidResponse,
                        tagType: .type2,
                        command: command,
                        "FAST_READ answered \(response.count) bytes instead of \((last - nextPage + 1) * 4)"
                    )
                case .failure(let error) where error.code == .commandNotSupported:
                    useFastRead = false
                    continue
                case .failure(let error):
                    throw TagError(
                        .communication,
                        tagType: .type2,
                        command: command,
                        transceiveError: error,
                        error.message
                    )
                }
            }
            let command: [UInt8] = [0x30, UInt8(nextPage)]
            let response = try io.send(command)
            if Type2Tag.isNAK(response) {
                throw TagError(
                    .nak,
                    tagType: .type2,
                    command: command,
                    nak: response[0],
                    "READ was NAKed (\(response[0]))"
                )
            }
            guard response.count == 16 else {
                throw TagError(
                    .invalidResponse,
                    tagType: .type2,
                    command: command,
                    "READ answered \(response.count) bytes instead of 16"
                )
            }
            // READ rolls over at the end of memory: keep only the pages asked for.
            let pages = min(4, limit - nextPage + 1)
            bytes += response[0..<pages * 4]
        }
    }
}
