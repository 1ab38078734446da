import NFCTag

/// The transceiver handed to protocol code; used only on the reader's queue.
struct SimulatedTransceiver: Transceiver, TagReselecting {
    let reader: SimulatedReader
    let tap: Int

    var limits: TransceiverLimits { reader.limits }

    func transceive(_ command: [UInt8], timeout: Duration) throws(TransceiveError) -> [UInt8] {
        try reader.exchange(command, tap: tap)
    }

    func reselect() throws(TransceiveError) {
        try reader.reselect(tap: tap)
    }
}
