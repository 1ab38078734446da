import Foundation

/// The PC/SC readers pcscd knows right now, for `hukou readers` and `hukou doctor`.
public enum PCSCDiscovery {
    /// One reader as pcscd reports it.
    public struct ReaderDescription: Sendable, Hashable, Codable {
        /// The PC/SC reader name, e.g. `ACS ACR122U PICC Interface 00 00`; open it as `pcsc:<name>`.
        public var name: String
        /// The driver, as far as the name tells (pcsc-lite does not report it).
        public var driver: String
        /// The reader's state: `no card`, `card present`, `unavailable`, ...
        public var state: String
        /// The ATR of the card in the field, as hex.
        public var atr: String?
        /// What the ATR says the tag is.
        public var card: String?
        /// Problems found, each with what to do about it.
        public var problems: [String]
    }

    /// The outcome of asking pcscd.
    public struct Report: Sendable, Hashable {
        /// The readers, in pcscd's order; empty when pcscd could not be reached.
        public var readers: [ReaderDescription]
        /// A problem with pcscd itself (not running, no reader), with the fix.
        public var problem: String?
        /// Whether a PC/SC context could be established at all.
        public var reachable: Bool
    }

    /// Asks pcscd for its readers and their states without connecting to any card. Blocking calls run on a
    /// thread of their own.
    public static func readers() async -> Report {
        do {
            return try await PCSCThread.detached(name: "pcsc-discovery") { discover() }
        } catch {
            return Report(readers: [], problem: "\(error)", reachable: false)
        }
    }

    private static func discover() -> Report {
        let context: PCSCCalls.Context
        do {
            context = try PCSCCalls.establishContext()
        } catch {
            let fix =
                error.code == .noService
                ? "pcscd is not running: start it (systemctl enable --now pcscd.socket) and check `hukou doctor`"
                : "cannot reach pcscd: \(error)"
            return Report(readers: [], problem: fix, reachable: false)
        }
        defer { PCSCCalls.releaseContext(context) }
        let names: [String]
        do {
            names = try PCSCCalls.listReaders(context)
        } catch {
            return Report(readers: [], problem: "pcscd did not list its readers: \(error)", reachable: true)
        }
        guard !names.isEmpty else {
            return Report(
                readers: [],
                problem: "pcscd runs but sees no reader: plug the reader in; if it is, run `hukou doctor` "
                    + "(a kernel module may hold it, or its driver is missing)",
                reachable: true
            )
        }
        var entries = names.map { PCSCCalls.ReaderStateEntry(reader: $0, currentState: 0) }
        do {
            try PCSCCalls.getStatusChange(context, &entries, timeoutMilliseconds: 0)
        } catch {
            // A zero timeout still fills the states; a timeout code here only means "nothing changed".
            if error.code != .timeout {
                return Report(
                    readers: names.map { describe(name: $0, state: nil, atr: []) },
                    problem: "pcscd did not report reader states: \(error)",
                    reachable: true
                )
            }
        }
        return Report(
            readers: entries.map {
                describe(name: $0.reader, state: PCSCReaderState(rawValue: $0.eventState), atr: $0.atr)
            },
            problem: nil,
            reachable: true
        )
    }

    static func describe(name: String, state: PCSCReaderState?, atr: [UInt8]) -> ReaderDescription {
        var problems: [String] = []
        let upper = name.uppercased()
        let driver: String
        if upper.contains("VIRTUAL PCD") {
            driver = "vpcd (vsmartcard virtual reader)"
        } else if upper.contains("ACR122") || upper.contains("ACR1252") || upper.contains("ACR1281")
            || upper.contains("SCL3711") || upper.contains("IDENTIV") || upper.contains("OMNIKEY")
        {
            driver = "libccid (CCID)"
        } else {
            driver = "pcsc-lite IFD handler"
        }
        var card: String?
        if let state {
            if state.has(PCSCReaderState.mute) {
                problems.append("the card does not answer (mute): lift it off and tap again")
            }
            if state.has(PCSCReaderState.exclusive) {
                problems.append("another program holds the card exclusively: stop it (pcsc_scan, a browser, ...)")
            }
            if state.isReaderGone {
                problems.append("pcscd lost the reader: replug it; see `hukou doctor`")
            }
            if state.isCardPresent, !atr.isEmpty {
                let parsed = PCSCAnswerToReset(atr)
                switch parsed.kind {
                case .storageCard(_, let cardName) where cardName == PCSCAnswerToReset.CardName.mifareUltralight:
                    card = "storage card: MIFARE Ultralight / NTAG (NFC Forum Type 2)"
                case .storageCard(_, let cardName):
                    let hex = String(cardName, radix: 16)
                    card = "storage card 0x\(hex) (MIFARE Classic family or other; not an NDEF Type 2 tag)"
                case .isoDEP:
                    card = "ISO-DEP card (NFC Forum Type 4, or a phone)"
                }
            }
        }
        return ReaderDescription(
            name: name,
            driver: driver,
            state: state?.summary ?? "unknown",
            atr: atr.isEmpty ? nil : atr.map { String(format: "%02x", $0) }.joined(),
            card: card,
            problems: problems
        )
    }
}
