/// The readers' current states, written by their supervisors and read by `status`.
final class ReaderStatusBoard: Sendable {
    private let states: LockedValue<[String: DaemonStatus.ReaderState]>
    private let order: [String]

    init(bindings: [ReaderBinding]) {
        order = bindings.map(\.spec)
        states = LockedValue(
            Dictionary(
                uniqueKeysWithValues: bindings.map {
                    (
                        $0.spec,
                        DaemonStatus.ReaderState(reader: $0.spec, window: $0.window, state: "starting", restarts: 0)
                    )
                }
            )
        )
    }

    func update(_ spec: String, state: String, detail: String?, restarted: Bool = false) {
        states.withLock {
            $0[spec]?.state = state
            $0[spec]?.detail = detail
            if restarted { $0[spec]?.restarts += 1 }
        }
    }

    var current: [DaemonStatus.ReaderState] {
        let snapshot = states.current
        return order.compactMap { snapshot[$0] }
    }
}
