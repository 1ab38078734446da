public import CounterStore
import Foundation

/// The station's audit log compared with the copy anchored centrally: what the station's own chain cannot show
/// (rows cut from its end, a log rewritten with the key and re-chained, a fork) shows here.
public enum AnchorVerdict: Sendable, Hashable, CustomStringConvertible {
    /// The local chain verifies and every row the central copy holds is identical at the station.
    case matches(localRows: Int, anchoredThrough: Int64)
    /// The local chain itself does not verify (its own report names the row).
    case localChainBroken(AuditVerification)
    /// Rows the central copy holds are missing at the station: the log was cut after `localEnd`.
    case truncated(localEnd: Int64, centralHead: Int64)
    /// Row `seq` differs from the anchored copy: the log was rewritten or forked from there.
    case diverged(seq: Int64)

    /// Whether the station's log is what the central copy anchored.
    public var isIntact: Bool {
        if case .matches = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .matches(let rows, let through):
            "intact: \(rows) rows verify locally and match the central copy through row \(through)"
        case .localChainBroken(let verification):
            "broken locally: \(verification)"
        case .truncated(let end, let head):
            "truncated: the log ends at row \(end), but the central copy holds rows up to \(head) "
                + "(rows \(end + 1)–\(head) were removed)"
        case .diverged(let seq):
            "diverged at row \(seq): it differs from the copy anchored centrally (rewritten or forked from there)"
        }
    }
}

extension CentralClient {
    /// Compares every row the central copy holds for `station` with the station's, page by page, then verifies the
    /// station's own chain. A difference from the anchored copy is reported first (it names where the log was cut
    /// or diverged, whatever the chain that is left looks like); then a break in the local chain (an edited row).
    public func verifyAnchor(of store: CounterStore, station: String, pageSize: Int = 5000) async throws
        -> AnchorVerdict
    {
        let head = try await head(station: station).seq
        var cursor: Int64 = 0
        while cursor < head {
            let central = try await chain(station: station, after: cursor, limit: pageSize)
            guard !central.isEmpty else { break }
            let mine = try await store.auditHashes(after: cursor, limit: central.count)
            for (index, (seq, hash)) in central.enumerated() {
                guard index < mine.count else { return .truncated(localEnd: cursor + Int64(index), centralHead: head) }
                guard mine[index].seq == seq, mine[index].hash == hash else { return .diverged(seq: seq) }
            }
            cursor = central[central.count - 1].0
        }
        let local = try await store.verifyAudit()
        guard case .intact(let rows) = local else { return .localChainBroken(local) }
        return .matches(localRows: rows, anchoredThrough: head)
    }
}
