import CounterCentral
import CounterStore
import Crypto
import Foundation
import HukouText
import NIOCore

extension CentralBenchmark {
    /// The station work the central benchmark replicates: citizens' visits through the store's own API.
    enum Workload {
        static let clerk = "李娜(020456)/lina"

        /// The staff number sent centrally for an audit operator (the bench clerk's; `nil` for readers).
        static let staffNumber: @Sendable (String) -> String? = { $0 == clerk ? "020456" : nil }

        /// One citizen's visit, one audit row per action, `before` awaited before each action: tap, then a
        /// rejection (1 in 9) or a ticket, the call, a no-show (1 in 12) or service and completion, and a rating
        /// for one completed visit in three (one rating in five of those bad).
        static func visit(_ store: CounterStore, _ index: Int, before: () async throws -> Void) async throws {
            try await before()
            let id = try await store.submitTap(StoreBenchmark.tap(index)).transaction.id
            try await before()
            if index % 9 == 8 {
                _ = try await store.reject(id, reason: "材料不全", operator: clerk)
                return
            }
            _ = try await store.confirm(id, operator: clerk)
            try await before()
            guard let called = try await store.callNext(window: 1 + index % 4, operator: clerk) else { return }
            try await before()
            if index % 12 == 11 {
                _ = try await store.markNoShow(called.id, operator: clerk)
                return
            }
            _ = try await store.startService(called.id, operator: clerk)
            try await before()
            _ = try await store.complete(called.id, operator: clerk)
            guard index % 3 == 0 else { return }
            try await before()
            let bad = index % 15 == 0
            _ = try await store.evaluate(
                called.id,
                window: called.window,
                level: bad ? .dissatisfied : .verySatisfied,
                reasons: bad ? [.slow] : [],
                comment: nil
            )
        }
    }

    /// A real station's day, read back as the replicator reads it (outbox batches), from which any number of
    /// stations' logs are made: each station's rows are the template's with the station's own chain of hashes
    /// (every row's `prev` is its predecessor's hash, as the ingest function checks).
    struct TemplateDay {
        var batches: [OutboxBatch]
        var rows: Int
        var head: Int64
        var visits: Int
        var transactions: Int

        /// Runs visits on a new store until its audit log has at least `rows` rows, then reads the first `rows`
        /// through ``CounterStore/outboxBatch(after:limit:subjectKey:)`` in batches of `batch`.
        static func make(rows: Int, batch: Int) async throws -> TemplateDay {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("hukou-bench-central-template-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let store = try CounterStore(path: directory + "/counter.sqlite")
            var visits = 0
            var head: Int64 = 0
            while head < rows {
                for _ in 0..<25 {
                    visits += 1
                    try await Workload.visit(store, visits, before: {})
                }
                head = try await store.outboxStatus(target: ReplicatorConfiguration.target).headSeq
            }
            let district = SymmetricKey(data: SHA256.hash(data: Data("hukou-bench-district".utf8)))
            var batches: [OutboxBatch] = []
            var cursor: Int64 = 0
            while cursor < rows {
                let next = try await store.outboxBatch(
                    after: cursor,
                    limit: min(batch, rows - Int(cursor)),
                    subjectKey: district
                )
                guard let last = next.events.last?.seq else { break }
                batches.append(next)
                cursor = last
            }
            return TemplateDay(
                batches: batches,
                rows: rows,
                head: head,
                visits: visits,
                transactions: batches.reduce(0) { $0 + $1.transactions.count }
            )
        }

        /// Station `id`'s batches, encoded and signed as its replicator would, each with its event rows as `COPY`
        /// text.
        func station(_ id: String, secret: [UInt8]) throws -> [Send] {
            let key = SymmetricKey(data: secret)
            var previous = batches.first?.events.first?.prevHash ?? Data(count: 32)
            var sends: [Send] = []
            for var batch in batches {
                var copy = ByteBuffer()
                copy.reserveCapacity(batch.events.count * 240)
                for index in batch.events.indices {
                    var hasher = SHA256()
                    hasher.update(data: Data(id.utf8))
                    hasher.update(data: batch.events[index].hash)
                    hasher.update(data: previous)
                    let hash = Data(hasher.finalize())
                    batch.events[index].prevHash = previous
                    batch.events[index].hash = hash
                    previous = hash
                    let event = batch.events[index]
                    let tx = event.transactionID.map { String($0.rawValue) } ?? "\\N"
                    let staff = Workload.staffNumber(event.operator) ?? "\\N"
                    copy.writeString(
                        "\(id)\t\(event.seq)\t\(event.atMs)\t\(event.action)\t\(tx)\t\(staff)\t"
                            + "\\\\x\(Hex.encode(event.hash))\t\\\\x\(Hex.encode(event.prevHash))\n"
                    )
                }
                batch.snapshotSeq = Int64(rows)
                let wire = CentralBatch(station: id, batch: batch, staffNumber: Workload.staffNumber)
                let payload = try wire.payload()
                let mac = Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key))
                sends.append(Send(payload: payload, mac: mac, last: wire.lastSeq ?? 0, copy: copy))
            }
            return sends
        }
    }
}
