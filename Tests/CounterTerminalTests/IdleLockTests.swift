import CounterTerminal
import Testing

@Suite("Idle lock")
struct IdleLockTests {
    @Test("locks after the idle time without input; every line typed starts it again")
    func idle() {
        var lock = IdleLock(timeout: .seconds(600), now: .zero)
        #expect(lock.check(at: .seconds(599)) == .wait(.seconds(1)))
        #expect(lock.check(at: .seconds(600)) == .lock)
        lock.input(at: .seconds(300))
        #expect(lock.check(at: .seconds(600)) == .wait(.seconds(300)))
        #expect(lock.check(at: .seconds(900)) == .lock)
        // An input reported late never moves the clock back.
        lock.input(at: .seconds(100))
        #expect(lock.check(at: .seconds(899)) == .wait(.seconds(1)))
    }
}
