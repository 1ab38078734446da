public import CounterStore
public import Foundation
public import HukouIntent
public import Logging
public import NFCReader
import NFCTag

/// Writes the station-signed receipt back into the phone that was tapped, after the tap's commit and within the same
/// presence (docs/intent-format.md §12), and records whether it arrived.
///
/// The write is the Type 4 update procedure on the NDEF file the read left selected: three UPDATE BINARY for a
/// receipt within one MLc. A phone that leaves mid-write keeps an empty file (NLEN 0); its transaction stands, and the
/// next tap of the same intent (a repeat) writes the receipt again.
public struct ReceiptIssuer: Sendable {
    /// The station's key.
    public let key: IntentSigningKey
    /// The station's name, written in every receipt.
    public let station: String
    private let store: CounterStore
    private let logger: Logger

    /// What became of a receipt for one tap.
    public enum Delivery: String, Sendable, Hashable, Codable {
        /// The phone did not ask for one (or the tag is no phone).
        case notRequested
        /// Written and complete on the phone.
        case delivered
        /// Not written: the phone left, refused the write or has no room; recorded as not delivered.
        case failed
    }

    /// Creates an issuer.
    public init(key: IntentSigningKey, station: String, store: CounterStore, logger: Logger) {
        self.key = key
        self.station = station
        self.store = store
        self.logger = logger
    }

    /// Makes the receipt of a committed transaction for the intent that asked for it.
    public func receipt(for intent: VerifiedIntent, transaction: CounterTransaction, now: Date) async -> Receipt? {
        guard let nonce = intent.nonce else { return nil }
        let position = try? await store.linePosition(of: transaction)
        return Receipt(
            station: station,
            issuedAt: Int64(now.timeIntervalSince1970.rounded(.down)),
            nonce: nonce,
            business: transaction.businessCode,
            businessName: LocalizedText(zh: transaction.businessNameZH, en: transaction.businessNameEN),
            window: transaction.window,
            state: transaction.state.rawValue,
            ticket: transaction.ticket,
            position: position ?? nil,
            estimatedWait: nil,
            materials: intent.business.materials
        )
    }

    /// Signs and writes the receipt of `transaction` into the phone in `session`, then records the outcome.
    ///
    /// Runs only after the commit; never throws: a failed write leaves the transaction as it is.
    public func deliver(
        for intent: VerifiedIntent,
        transaction: CounterTransaction,
        content: TagContent,
        session: any TagSession,
        now: Date
    ) async -> Delivery {
        guard intent.wantsReceipt, intent.profile == .phone, let file = content.type4File else { return .notRequested }
        let delivered: Bool
        var failure = ""
        do {
            guard let receipt = await receipt(for: intent, transaction: transaction, now: now) else {
                return .notRequested
            }
            let bytes = try await receipt.message(signedWith: key)
            let target = session.target
            let written = try await session.perform { transceiver -> Result<Int, TagError> in
                do throws(TagError) {
                    let counters = try Type4Tag(target: target).updateNDEF(bytes, in: file, over: transceiver)
                    return .success(counters.commands)
                } catch {
                    return .failure(error)
                }
            }
            switch written {
            case .success: delivered = true
            case .failure(let error):
                delivered = false
                failure = "\(error)"
            }
        } catch {
            delivered = false
            failure = "\(error)"
        }
        do {
            try await store.recordReceiptDelivery(transaction.id, delivered: delivered, at: now)
        } catch {
            logger.error(
                "receipt delivery not recorded",
                metadata: ["transaction": "\(transaction.id)", "error": "\(error)"]
            )
        }
        if delivered {
            logger.info("receipt delivered", metadata: ["transaction": "\(transaction.id)"])
        } else {
            logger.notice(
                "receipt not delivered; the next tap of the same intent writes it again",
                metadata: ["transaction": "\(transaction.id)", "error": "\(failure)"]
            )
        }
        return delivered ? .delivered : .failed
    }
}
