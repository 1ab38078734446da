import Foundation

/// Routes control-socket taps to the simulated reader they name and hands back the pipeline's result.
///
/// Taps on one reader are served one at a time, as on a real reader: present the tag, wait until the
/// supervisor reports the committed outcome of that tag (``deliver(_:for:)``), remove the tag. A tap that gets
/// no outcome within the timeout is answered ``ControlProtocolError/Code/timeout`` (and was not acknowledged).
public actor SimulatedTapRouter {
    private struct Entry {
        var binding: ReaderBinding
        var presenter: (any TagPresenting)?
        var busy = false
        var queue: [CheckedContinuation<Void, Never>] = []
        var waiter: (token: UInt64, continuation: CheckedContinuation<Result<TapOutcome, ControlProtocolError>, Never>)?
    }

    private var entries: [String: Entry] = [:]
    private var order: [String] = []
    private var nextToken: UInt64 = 0
    private var shuttingDown = false
    private let timeout: Duration

    /// Creates a router for the readers in `bindings`.
    public init(bindings: [ReaderBinding], timeout: Duration) {
        for binding in bindings {
            entries[binding.spec] = Entry(binding: binding)
            order.append(binding.spec)
        }
        self.timeout = timeout
    }

    /// Called by a reader's supervisor when its reader starts (`presenter` set) or stops (`nil`).
    public func attach(_ presenter: (any TagPresenting)?, for binding: ReaderBinding) {
        entries[binding.spec]?.presenter = presenter
        if presenter == nil, let waiter = entries[binding.spec]?.waiter {
            entries[binding.spec]?.waiter = nil
            waiter.continuation.resume(
                returning: .failure(
                    ControlProtocolError(.readerUnavailable, "reader \(binding.spec) stopped during the tap")
                )
            )
        }
    }

    /// Called by a reader's supervisor with the outcome of every tag it handled.
    public func deliver(_ result: Result<TapOutcome, ControlProtocolError>, for binding: ReaderBinding) {
        guard let waiter = entries[binding.spec]?.waiter else { return }
        entries[binding.spec]?.waiter = nil
        waiter.continuation.resume(returning: result)
    }

    /// Refuses new taps from now on (graceful shutdown); taps already presented still get their outcome.
    public func beginShutdown() {
        shuttingDown = true
    }

    /// Presents `ndef` on the simulated reader `name` and waits for the committed outcome.
    public func tap(reader name: String, ndef: [UInt8], type: SimulatedTagType) async -> Result<
        TapOutcome, ControlProtocolError
    > {
        guard !shuttingDown else { return .failure(ControlProtocolError(.shuttingDown, "the daemon is shutting down")) }
        guard let spec = order.first(where: { entries[$0]?.binding.matches(name) == true }),
            let binding = entries[spec]?.binding
        else {
            let known = order.compactMap { entries[$0]?.binding }.filter { $0.kind == "sim" }.map(\.shortName)
            return .failure(
                ControlProtocolError(
                    .unknownReader,
                    "no simulated reader '\(name)' (simulated readers: \(known.joined(separator: ", ")))"
                )
            )
        }
        guard binding.kind == "sim" else {
            return .failure(ControlProtocolError(.unknownReader, "reader '\(name)' is not a simulated reader"))
        }
        await acquire(spec)
        defer { release(spec) }
        guard let presenter = entries[spec]?.presenter else {
            return .failure(ControlProtocolError(.readerUnavailable, "reader \(spec) is not running right now"))
        }
        nextToken += 1
        let token = nextToken
        let timeout = self.timeout
        let result = await withCheckedContinuation { continuation in
            entries[spec]?.waiter = (token, continuation)
            Task {
                do {
                    try await presenter.presentTag(type, ndef: ndef)
                } catch {
                    self.fail(
                        spec,
                        token: token,
                        ControlProtocolError(.malformedRequest, "cannot present this tag: \(error)")
                    )
                    return
                }
                try? await Task.sleep(for: timeout)
                self.fail(spec, token: token, ControlProtocolError(.timeout, "no pipeline result within \(timeout)"))
            }
        }
        await presenter.removeTag()
        return result
    }

    private func fail(_ spec: String, token: UInt64, _ error: ControlProtocolError) {
        guard let waiter = entries[spec]?.waiter, waiter.token == token else { return }
        entries[spec]?.waiter = nil
        waiter.continuation.resume(returning: .failure(error))
    }

    private func acquire(_ spec: String) async {
        if entries[spec]?.busy == true {
            await withCheckedContinuation { continuation in
                entries[spec]?.queue.append(continuation)
            }
        } else {
            entries[spec]?.busy = true
        }
    }

    private func release(_ spec: String) {
        if let next = entries[spec]?.queue.first {
            entries[spec]?.queue.removeFirst()
            next.resume()  // ownership passes straight to the next tap; busy stays true
        } else {
            entries[spec]?.busy = false
        }
    }
}
