import NFCReader
import NFCTag

extension PCSCReaderEngine {
    /// Connects to the card that just arrived, learns its UID and announces it; false when the card could not be
    /// connected this time (it left again, or pcscd was still powering it up), so the caller may retry.
    func beginSession(
        _ context: PCSCCalls.Context,
        reader: String,
        atr atrBytes: [UInt8]
    ) throws(PCSCError) -> Bool {
        let handle: PCSCCalls.CardHandle
        let cardProtocol: PCSCCalls.CardProtocol
        do {
            (handle, cardProtocol) = try PCSCCalls.connect(context, reader: reader)
        } catch {
            let transient: [PCSCError.Code] = [.protocolMismatch, .sharingViolation, .notReady]
            if error.meansCardLost || transient.contains(error.code) { return false }
            throw error
        }
        // The ATR of this connection, not the one in the reader state: when a card is swapped faster than
        // pcscd's presence poll (a virtual card reconnecting), the state still shows the previous card's ATR.
        let atr = PCSCAnswerToReset((try? PCSCCalls.answerToReset(handle)) ?? atrBytes)
        let card = PCSCCardTransceiver(handle: handle, cardProtocol: cardProtocol)
        let uid: [UInt8]
        do {
            uid = try Self.readUID(card)
        } catch {
            PCSCCalls.disconnect(handle)
            return false
        }
        // PC/SC reports neither ATQA nor SAK; the ATR is what the tag-type dispatch goes by.
        let target = DetectedTarget(uid: uid, atr: atr.bytes)
        let transceiver: any Transceiver =
            switch atr.kind {
            case .storageCard: PCSCStorageCardTransceiver(card: card)
            case .isoDEP: card
            }
        let id = loop.nextSessionID
        loop.nextSessionID += 1
        loop.session = ActiveSession(
            id: id,
            handle: handle,
            target: target,
            card: card,
            transceiver: transceiver
        )
        continuation.yield(.tagArrived(PCSCTagSession(engine: self, id: id, target: target)))
        return true
    }

    /// GET DATA `FF CA 00 00 00`: the UID the reader selected. A reader or card that refuses it gives an empty UID.
    static func readUID(_ card: PCSCCardTransceiver) throws(TransceiveError) -> [UInt8] {
        let response = try card.transceive([0xFF, 0xCA, 0x00, 0x00, 0x00], timeout: .seconds(1))
        guard response.suffix(2) == [0x90, 0x00], response.count - 2 <= 10 else { return [] }
        return Array(response.dropLast(2))
    }

    /// Disconnects from the tag in the field, if any, and announces its departure.
    func endSession() {
        guard let session = loop.session else { return }
        loop.session = nil
        loop.tracker.sessionEnded()
        PCSCCalls.disconnect(session.handle)
        continuation.yield(.tagDeparted(uid: session.target.uid))
    }

    /// Runs `body` on the reader's thread and returns its result.
    func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = thread.enqueue { continuation.resume(with: Result { try body() }) }
            if !accepted {
                continuation.resume(throwing: TransceiveError(.cancelled, "the reader has stopped"))
            }
        }
    }

    /// Runs `body` on the reader's thread with the transceiver of session `id`.
    func perform<T: Sendable>(
        session id: Int,
        _ body: @escaping @Sendable (any Transceiver) throws -> T
    ) async throws -> T {
        try await onThread { [self] in
            guard !thread.isStopping else { throw TransceiveError(.cancelled, "the reader is stopping") }
            guard let session = loop.session, session.id == id else {
                throw TransceiveError(.tagRemoved, "the tag is no longer in the field")
            }
            return try body(session.transceiver)
        }
    }

    /// Shows `feedback` on an ACR122-family reader (LED and buzzer); does nothing on other readers.
    func signal(session id: Int, _ feedback: ReaderFeedback) async {
        _ = try? await onThread { [self] in
            guard let reader = loop.readerName,
                let command = PCSCReaderFeedback.command(for: feedback, readerName: reader)
            else { return }
            if let session = loop.session, session.id == id {
                _ = try? session.card.transceive(command, timeout: .seconds(1))
            } else if let context = loop.context {
                // The tag already left: talk to the reader itself through the CCID escape, which libccid allows
                // only with ifdDriverOptions 0x0001 (`hukou doctor` checks it).
                if let (handle, _) = try? PCSCCalls.connect(context, reader: reader, direct: true) {
                    _ = try? PCSCCalls.control(handle, code: 1, command)
                    PCSCCalls.disconnect(handle)
                }
            }
        }
    }
}
