/// Wraps a transceiver to count the commands and bytes of one read, and to turn transport failures into ``TagError``.
struct CountingTransceiver {
    let base: any Transceiver
    let tagType: TagType
    let timeout: Duration
    private(set) var counters = ExchangeCounters()

    init(_ base: any Transceiver, tagType: TagType, timeout: Duration) {
        self.base = base
        self.tagType = tagType
        self.timeout = timeout
    }

    var limits: TransceiverLimits { base.limits }
    var canReselect: Bool { base is any TagReselecting }

    /// Sends a command; transport failures become ``TagError/Code/communication``.
    mutating func send(_ command: [UInt8]) throws(TagError) -> [UInt8] {
        counters.commands += 1
        counters.bytesSent += command.count
        do {
            let response = try base.transceive(command, timeout: timeout)
            counters.bytesReceived += response.count
            return response
        } catch {
            throw TagError(.communication, tagType: tagType, command: command, transceiveError: error, error.message)
        }
    }

    /// Sends a command and returns the transport failure instead of throwing it.
    mutating func trySend(_ command: [UInt8]) -> Result<[UInt8], TransceiveError> {
        counters.commands += 1
        counters.bytesSent += command.count
        do {
            let response = try base.transceive(command, timeout: timeout)
            counters.bytesReceived += response.count
            return .success(response)
        } catch {
            return .failure(error)
        }
    }

    /// Re-selects the tag after a NAK.
    func reselect(after command: [UInt8]) throws(TagError) {
        guard let reselecting = base as? any TagReselecting else {
            throw TagError(
                .communication,
                tagType: tagType,
                command: command,
                transceiveError: TransceiveError(.commandNotSupported, "the reader cannot re-select the tag"),
                "the tag went mute and the reader cannot re-select it"
            )
        }
        do {
            try reselecting.reselect()
        } catch {
            throw TagError(.communication, tagType: tagType, command: command, transceiveError: error, error.message)
        }
    }
}
