import Foundation

/// A per-reader limit on unsigned service-card taps: at most `perMinute` in any 60 s at one reader.
///
/// An unsigned card costs nothing to copy or vary, so without a limit one hand at a reader can fill the clerk's
/// pending list. Signed phone intents are not limited here: each needs a fresh nonce under a trusted key.
final class CardRateLimit: Sendable {
    /// The most unsigned card taps accepted per reader in 60 s; `0` turns the limit off.
    let perMinute: Int
    private let recent = LockedValue([String: [Date]]())

    init(perMinute: Int) {
        self.perMinute = perMinute
    }

    /// Records a tap at `reader` at `now`; `false` (nothing recorded) when the reader is over its limit.
    func admit(reader: String, at now: Date) -> Bool {
        guard perMinute > 0 else { return true }
        return recent.withLock { recent in
            let since = now.addingTimeInterval(-60)
            var taps = (recent[reader] ?? []).filter { $0 > since }
            guard taps.count < perMinute else {
                recent[reader] = taps
                return false
            }
            taps.append(now)
            recent[reader] = taps
            return true
        }
    }
}
