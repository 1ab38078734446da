public import CounterStore
import Crypto
public import Foundation
public import HukouIntent
public import Logging
public import NDEF
public import NFCReader

/// The tap pipeline, in one direction: read the tag → NDEF → ``IntentVerifier`` → ``CounterStore`` →
/// acknowledge.
///
/// Feedback (the reader's LED/buzzer, the control socket's reply) is given only after the store committed,
/// so a tap acknowledged to a citizen is on disk. A phone that asked for a receipt gets it written after the commit,
/// within the same presence (``ReceiptIssuer``), once the tap was acknowledged to the clerk. A repeat of an intent already stored returns the existing
/// transaction as a duplicate and creates nothing. Logs carry business codes, ids and masked data only.
public struct TapPipeline: Sendable {
    /// The verifier (catalog, trusted keys, policy). Replay protection is the store's nonce key, in the tap's commit.
    public let verifier: IntentVerifier
    /// Where taps become transactions.
    public let store: CounterStore
    /// Counters shown by `status`.
    let counters: TapCounters
    private let logger: Logger
    private let clock: @Sendable () -> Date
    private let readTag: @Sendable (any TagSession) async throws -> TagContent
    private let cardLimit: CardRateLimit
    /// Writes receipts into phones that ask for one; nil when the station issues none.
    public let receipts: ReceiptIssuer?

    /// Creates a pipeline.
    ///
    /// - Parameters:
    ///   - readTag: reads the NDEF message of the tag in a session on the reader's thread
    ///     (``NFCReader/TagSession/readNDEFContent()``); throws ``TagContentError`` for a tag without valid NDEF.
    ///   - unsignedCardsPerMinute: the most unsigned service-card taps one reader accepts in 60 s (0: no limit).
    ///   - receipts: the station's receipt writer, if it issues receipts.
    public init(
        verifier: IntentVerifier,
        store: CounterStore,
        logger: Logger,
        clock: @escaping @Sendable () -> Date = { Date() },
        unsignedCardsPerMinute: Int = DaemonConfiguration.defaultUnsignedCardsPerMinute,
        receipts: ReceiptIssuer? = nil,
        readTag: @escaping @Sendable (any TagSession) async throws -> TagContent
    ) {
        self.cardLimit = CardRateLimit(perMinute: unsignedCardsPerMinute)
        self.receipts = receipts
        self.verifier = verifier
        self.store = store
        self.logger = logger
        self.clock = clock
        self.readTag = readTag
        self.counters = TapCounters()
    }

    /// Handles one tag that arrived at the reader bound by `binding`: reads it, verifies and stores the intent,
    /// acknowledges the committed outcome, writes the receipt a phone asked for, then signals the result on the reader.
    ///
    /// - Parameter acknowledge: told the committed outcome at once, before any receipt is written (the clerk's
    ///   terminal learns of repeats through it).
    /// - Returns: the outcome once committed, or the error that stopped it (nothing was acknowledged then).
    public func process(
        _ session: any TagSession,
        binding: ReaderBinding,
        acknowledge: @Sendable (TapOutcome) -> Void = { _ in }
    ) async -> Result<TapOutcome, ControlProtocolError> {
        let receivedAt = clock()
        let content: TagContent
        do {
            content = try await readTag(session)
        } catch let error as TagContentError {
            // The tag answered, but what it holds is no usable NDEF message: refuse it like a bad intent, a
            // malformed message with the same reason as `hukou intent check` gives.
            let reason =
                if let ndefError = error.ndefError {
                    RejectionReason(FieldIssue.malformedNDEF("\(ndefError)"))
                } else {
                    RejectionReason(
                        field: "tag",
                        code: error.code,
                        zh: "标签内容不是有效的 NDEF 消息",
                        en: "the tag does not hold a valid NDEF message (\(error.message))"
                    )
                }
            let outcome = TapOutcome.rejected([reason])
            counters.recordRejected()
            acknowledge(outcome)
            await finish(outcome, session: session, binding: binding)
            return .success(outcome)
        } catch {
            counters.record(failed: true)
            logger.warning(
                "tag read failed",
                metadata: ["reader": "\(binding.spec)", "window": "\(binding.window)", "error": "\(error)"]
            )
            await tell(.rejected, session: session, binding: binding)
            return .failure(ControlProtocolError(.readFailed, "the tag could not be read: \(error)"))
        }
        let (result, committed) = await commit(content.message, binding: binding, receivedAt: receivedAt)
        switch result {
        case .success(var outcome):
            acknowledge(outcome)
            // After the commit and its acknowledgement, in the same presence: a receipt only for what is stored.
            if let receipts, let (intent, transaction) = committed {
                let delivery = await receipts.deliver(
                    for: intent,
                    transaction: transaction,
                    content: content,
                    session: session,
                    now: clock()
                )
                if delivery != .notRequested { outcome.receipt = delivery }
            }
            await finish(outcome, session: session, binding: binding)
            return .success(outcome)
        case .failure:
            await tell(.rejected, session: session, binding: binding)
            return result
        }
    }

    /// Verifies an NDEF message read at `binding`'s reader and stores it.
    ///
    /// - Returns: the committed outcome, or ``ControlProtocolError/Code/storeFailed`` when the store failed.
    public func submit(
        _ message: NDEFMessage,
        binding: ReaderBinding,
        receivedAt: Date
    ) async -> Result<TapOutcome, ControlProtocolError> {
        await commit(message, binding: binding, receivedAt: receivedAt).result
    }

    /// ``submit(_:binding:receivedAt:)``, also returning the intent and the transaction it committed.
    private func commit(
        _ message: NDEFMessage,
        binding: ReaderBinding,
        receivedAt: Date
    ) async -> (result: Result<TapOutcome, ControlProtocolError>, committed: (VerifiedIntent, CounterTransaction)?) {
        // The verifier is pure: the store's submitTap keys signed intents on their nonce inside the very transaction
        // that stores them, so a repeat of the same intent returns the transaction it created (forever), a different
        // intent under a spent nonce is refused, and there is one durable commit per tap, with no window in which a
        // nonce is spent but its transaction not stored (a crash between two commits).
        let intent: VerifiedIntent
        do {
            intent = try verifier.verify(message, now: receivedAt)
        } catch let rejection {
            return (.success(rejected(rejection, binding: binding)), nil)
        }
        if case .unsigned = intent.signature, !cardLimit.admit(reader: binding.spec, at: receivedAt) {
            return (.success(rateLimited(binding: binding)), nil)
        }
        let submission = Self.submission(for: intent, binding: binding, receivedAt: receivedAt)
        let receipt: TapReceipt
        do {
            receipt = try await store.submitTap(submission)
        } catch let error as CounterStoreError where error.code == .replayed {
            return (.success(replayed(error, intent: intent, binding: binding)), nil)
        } catch {
            counters.record(failed: true)
            logger.error(
                "tap not stored",
                metadata: [
                    "reader": "\(binding.spec)", "window": "\(binding.window)", "business": "\(intent.business.code)",
                    "error": "\(error)",
                ]
            )
            return (.failure(ControlProtocolError(.storeFailed, "the tap could not be stored: \(error)")), nil)
        }
        let transaction = receipt.transaction
        counters.record(duplicate: receipt.isDuplicate)
        logger.info(
            receipt.isDuplicate ? "tap repeated an existing transaction" : "tap stored",
            metadata: [
                "reader": "\(binding.spec)", "window": "\(binding.window)", "transaction": "\(transaction.id)",
                "business": "\(transaction.businessCode)", "profile": "\(transaction.profile)",
                "signature": "\(transaction.signatureStatus)", "applicant": "\(transaction.maskedName ?? "-")",
                "id_number": "\(transaction.maskedIDNumber ?? "-")",
            ]
        )
        return (.success(.stored(Self.summary(transaction), duplicate: receipt.isDuplicate)), (intent, transaction))
    }

    private func rejected(_ rejection: IntentRejection, binding: ReaderBinding) -> TapOutcome {
        counters.recordRejected()
        logger.notice(
            "tap rejected",
            metadata: [
                "reader": "\(binding.spec)", "window": "\(binding.window)",
                "reasons": "\(rejection.reasons.map { "\($0.field):\($0.code.rawValue)" }.joined(separator: ","))",
            ]
        )
        return .rejected(
            rejection.reasons.map(RejectionReason.init)
        )
    }

    /// An unsigned card over the reader's limit: refused before the store, so a flood adds no pending request.
    private func rateLimited(binding: ReaderBinding) -> TapOutcome {
        counters.recordRejected()
        logger.notice(
            "tap refused: too many unsigned card taps at this reader",
            metadata: [
                "reader": "\(binding.spec)", "window": "\(binding.window)", "limit": "\(cardLimit.perMinute)/min",
            ]
        )
        return .rejected([
            RejectionReason(
                field: "reader",
                code: "rateLimited",
                zh: "本读卡器服务卡刷卡过于频繁，请一分钟后再试",
                en: "too many service-card taps at this reader: try again in a minute"
            )
        ])
    }

    /// A signed intent whose nonce another intent already used: refused, logged and counted, never answered with
    /// the other intent's transaction.
    private func replayed(_ error: CounterStoreError, intent: VerifiedIntent, binding: ReaderBinding) -> TapOutcome {
        counters.recordRejected(replayed: true)
        logger.warning(
            "tap refused: nonce already used by another intent",
            metadata: [
                "reader": "\(binding.spec)", "window": "\(binding.window)", "business": "\(intent.business.code)",
                "earlier_transaction": "\(error.transactionID.map { "\($0)" } ?? "-")",
            ]
        )
        return .rejected([
            RejectionReason(
                field: "nonce",
                code: FieldIssue.Code.replayed.rawValue,
                zh: "该申请的一次性编号已被另一申请使用，请在手机上重新生成",
                en: "the intent's nonce was already used by another intent: generate a new one on the phone"
            )
        ])
    }

    /// Tells the citizen: on the reader's LED and buzzer where it has them (ACR122), and in the log for every reader,
    /// so a reader without any still shows which of the three outcomes the citizen got.
    private func finish(_ outcome: TapOutcome, session: any TagSession, binding: ReaderBinding) async {
        let feedback: ReaderFeedback =
            switch outcome.kind {
            case .accepted: .accepted
            case .duplicate: .duplicate
            case .rejected: .rejected
            }
        await tell(feedback, receipt: outcome.receipt, session: session, binding: binding)
    }

    private func tell(
        _ feedback: ReaderFeedback,
        receipt: ReceiptIssuer.Delivery? = nil,
        session: any TagSession,
        binding: ReaderBinding
    ) async {
        logger.info(
            "citizen feedback",
            metadata: [
                "reader": "\(binding.spec)", "window": "\(binding.window)", "feedback": "\(feedback)",
                "receipt": "\(receipt?.rawValue ?? "-")",
            ]
        )
        await session.signal(feedback)
    }

    // MARK: - Mapping

    /// The store's view of a verified intent tapped at `binding`'s reader.
    ///
    /// The window is the reader's: a card naming another window is still served where it was tapped.
    static func submission(for intent: VerifiedIntent, binding: ReaderBinding, receivedAt: Date) -> TapSubmission {
        let signature: String
        let dedupKey: DedupKey
        switch intent.signature {
        case .unsigned:
            signature = "unsigned"
        case .verified(let keyID, _):
            signature = String(("verified:" + keyID.filter { $0.isASCII && !$0.isWhitespace }).prefix(32))
        }
        if let nonce = intent.nonce {
            let keyID: String =
                switch intent.signature {
                case .verified(let keyID, _): keyID
                case .unsigned: "-"
                }
            dedupKey = .nonce(nonce, keyID: keyID)
        } else {
            // The normalised content, not the bytes: white space, member order or another `win` (the reader's window
            // is used anyway) do not make one card a new request.
            dedupKey = .content(sha256: Array(SHA256.hash(data: intent.normalizedContent)))
        }
        let applicant = intent.applicant.map { data -> ApplicantRecord in
            var fields = data.fields
            fields["name"] = nil
            fields["id"] = nil
            return ApplicantRecord(name: data.name, idNumber: data.idNumber, fields: fields)
        }
        return TapSubmission(
            businessCode: intent.business.code,
            businessNameZH: intent.business.name.zh,
            businessNameEN: intent.business.name.en,
            ticketCategory: intent.business.category,
            window: binding.window,
            priority: priority(intent.priority),
            intentPayload: intent.canonicalPayload,
            profile: intent.profile == .phone ? "phone" : "card",
            signatureStatus: signature,
            applicant: applicant,
            dedupKey: dedupKey,
            materials: intent.business.materials.map(\.zh),
            receivedAt: receivedAt,
            reader: binding.spec
        )
    }

    static func priority(_ declared: PriorityClass?) -> Priority {
        switch declared {
        case .elderly: .elderly
        case .disabled: .disabled
        case .military: .military
        case nil, .some(.none): .normal
        }
    }

    static func summary(_ transaction: CounterTransaction) -> TransactionSummary {
        TransactionSummary(
            id: transaction.id.rawValue,
            state: transaction.state.rawValue,
            ticket: transaction.ticket,
            window: transaction.window,
            businessCode: transaction.businessCode
        )
    }
}
