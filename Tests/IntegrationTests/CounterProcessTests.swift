import HukouTestSupport
import Testing

/// The suites that start real `hukou` processes (daemon, counters, tmux) run one after another, not side by side:
/// they are heavy on a small machine, and other modules' timing-sensitive tests run at the same time.
@Suite("Counter processes", .serialized, .enabled(if: HukouBinary.exists, "needs the hukou executable"))
enum CounterProcessTests {}
