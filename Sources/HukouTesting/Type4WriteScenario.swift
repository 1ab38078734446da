public import NFCReader
public import NFCTag

/// One tap that reads a phone's NDEF file and then writes a message into it, as the counter writes a receipt,
/// with the fault plans that break it at every command and the check of what a fault may leave on the phone.
///
/// The same scenario runs through every front end (simulated reader, virtual PN532, virtual PC/SC card), so the
/// fault plans mean the same commands everywhere.
public enum Type4WriteScenario {
    /// Reads the tag's NDEF file, then writes `message` into it, in one go on one transceiver.
    ///
    /// - Returns: the traffic of the write, or the error of the read or the write.
    public static func readThenWrite(
        _ message: [UInt8],
        target: DetectedTarget,
        over transceiver: any Transceiver
    ) -> Result<ExchangeCounters, TagError> {
        let tag = Type4Tag(target: target)
        do throws(TagError) {
            let (_, file) = try tag.readNDEFFile(over: transceiver)
            return .success(try tag.updateNDEF(message, in: file, over: transceiver))
        } catch {
            return .failure(error)
        }
    }

    /// Every single fault (removal, corrupted answer, timeout) at every command index below `commands`.
    public static func faultPlans(commands: Int) -> [FaultPlan] {
        (0..<commands).flatMap { index in
            [FaultPlan(removeAfter: index), FaultPlan(corruptResponse: index), FaultPlan(timeoutAt: index)]
        }
    }

    /// Whether a phone's message after a tap is one the tap may leave: the message it had, an empty file (NLEN 0
    /// after a torn write), or the whole written message; and the whole message whenever the write reported success.
    public static func leftCleanly(
        _ held: [UInt8]?,
        original: [UInt8],
        written: [UInt8],
        reportedSuccess: Bool
    ) -> Bool {
        guard let held else { return false }
        if reportedSuccess { return held == written }
        return held == original || held.isEmpty || held == written
    }
}
