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
/// so a tap acknowledged to a citizen is on disk. A repeat of an intent already stored returns the existing
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
    private let readTag: @Sendable (any TagSession) async throws -> NDEFMessage
    private let cardLimit: CardRateLimit

    /// Creates a pipeline.
    ///
    /// - Parameters:
    ///   - readTag: reads the NDEF message of the tag in a session on the reader's thread
    ///     (``NFCReader/TagSession/readNDEFMessage()``); throws ``TagContentError`` for a tag without valid NDEF.
    ///   - unsignedCardsPerMinute: the most unsigned service-card taps one reader accepts in 60 s (0: no limit).
    public init(
        verifier: IntentVerifier,
        store: CounterStore,
        logger: Logger,
        clock: @escaping @Sendable () -> Date = { Date() },
        unsignedCardsPerMinute: Int = DaemonConfiguration.defaultUnsignedCardsPerMinute,
        readTag: @escaping @Sendable (any TagSession) async throws -> NDEFMessage
    ) {
        self.cardLimit = CardRateLimit(perMinute: unsignedCardsPerMinute)
        self.verifier = verifier
        self.store = store
        self.logger = logger
        self.clock = clock
        self.readTag = readTag
        self.counters = TapCounters()
    }

    /// Handles one tag that arrived at the reader bound by `binding`: reads it, verifies and stores the intent,
    /// then signals the result on the reader.
    ///
    /// - Returns: the outcome once committed, or the error that stopped it (nothing was acknowledged then).
    public func process(_ session: any TagSession, binding: ReaderBinding) async -> Result<
        TapOutcome, ControlProtocolError
    > {
        let receivedAt = clock()
        let message: NDEFMessage
        do {
            message = try await readTag(session)
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
            await finish(outcome, session: session, binding: binding)
            return .success(outcome)
        } catch {
            counters.record(failed: true)
            logger.warning(
                "tag read failed",
                metadata: ["reader": "\(binding.spec)", "window": "\(binding.window)", "error": "\(error)"]
            )
            await session.signal(.rejected)
            return .failure(ControlProtocolError(.readFailed, "the tag could not be read: \(error)"))
        }
        let result = await submit(message, binding: binding, receivedAt: receivedAt)
        switch result {
        case .success(let outcome):
            await finish(outcome, session: session, binding: binding)
        case .failure:
            await session.signal(.rejected)
        }
        return result
    }

    /// Verifies an NDEF message read at `binding`'s reader and stores it.
    ///
    /// - Returns: the committed outcome, or ``ControlProtocolError/Code/storeFailed`` when the store failed.
    public func submit(
        _ message: NDEFMessage,
        binding: ReaderBinding,
        receivedAt: Date
    ) async -> Result<TapOutcome, ControlProtocolError> {
        // `inspect`, not `check`: the nonce is not claimed in a separate write. The store's submitTap keys signed
        // intents on their nonce inside the very transaction that stores them, so a replayed nonce returns the
        // transaction it created (forever), and there is one durable commit per tap, with no window in which a
        // nonce is burned but its transaction not stored (a crash between two commits).
        let intent: VerifiedIntent
        do {
            intent = try verifier.verify(message, now: receivedAt)
        } catch let rejection {
            return .success(rejected(rejection, binding: binding))
        }
        if case .unsigned = intent.signature, !cardLimit.admit(reader: binding.spec, at: receivedAt) {
            return .success(rateLimited(binding: binding))
        }
        let submission = Self.submission(for: intent, binding: binding, receivedAt: receivedAt)
        let receipt: TapReceipt
        do {
            receipt = try await store.submitTap(submission)
        } catch let error as CounterStoreError where error.code == .replayed {
            return .success(replayed(error, intent: intent, binding: binding))
        } catch {
            counters.record(failed: true)
            logger.error(
                "tap not stored",
                metadata: [
                    "reader": "\(binding.spec)", "window": "\(binding.window)", "business": "\(intent.business.code)",
                    "error": "\(error)",
                ]
            )
            return .failure(ControlProtocolError(.storeFailed, "the tap could not be stored: \(error)"))
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
        return .success(.stored(Self.summary(transaction), duplicate: receipt.isDuplicate))
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

    private func finish(_ outcome: TapOutcome, session: any TagSession, binding: ReaderBinding) async {
        switch outcome.kind {
        case .accepted: await session.signal(.accepted)
        case .duplicate: await session.signal(.duplicate)
        case .rejected: await session.signal(.rejected)
        }
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
