import Foundation
import HukouTestSupport
import NFCReader

@testable import NFCReaderPCSC

/// The events a reader produced so far, collected by a consumer task.
final class PCSCEventLog: @unchecked Sendable {
    // Invariant: `events` is read and written only under `lock`.
    private let lock = NSLock()
    private var events: [ReaderEvent] = []

    func append(_ event: ReaderEvent) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }

    var snapshot: [ReaderEvent] {
        lock.lock()
        defer { lock.unlock() }
        return events
    }

    /// Waits for the first arrival after `index`.
    func arrival(after index: Int = 0, within limit: Duration = .seconds(5)) async throws -> any TagSession {
        var found: (any TagSession)?
        try await poll("a tag to arrive", within: limit) {
            for event in snapshot.dropFirst(index) {
                if case .tagArrived(let session) = event {
                    found = session
                    return true
                }
            }
            return false
        }
        guard let found else { throw TestHarnessError("no arrival") }
        return found
    }

    func contains(within limit: Duration = .seconds(5), _ match: @escaping (ReaderEvent) -> Bool) async throws {
        try await poll("a reader event", within: limit) { snapshot.contains(where: match) }
    }
}

/// The reader running against the sandbox's pcscd, with its events collected.
struct RunningPCSCReader {
    let reader: PCSCReader
    let log = PCSCEventLog()
    let run: Task<Void, any Error>
    let consume: Task<Void, Never>

    init(_ configuration: PCSCReader.Configuration = .init(readerName: PCSCSandbox.libraryReaderName)) {
        let reader = PCSCReader(configuration: configuration)
        self.reader = reader
        run = Task { try await reader.run() }
        let log = self.log
        consume = Task { for await event in reader.events { log.append(event) } }
    }

    /// Cancels the reader and waits until its event stream finished.
    func stop() async {
        run.cancel()
        _ = await run.result
        await consume.value
    }
}
