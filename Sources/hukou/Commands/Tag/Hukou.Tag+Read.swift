import ArgumentParser
import CounterDaemon
import CounterStaff
import Foundation
import HukouText
import NDEF
import NDEFJSON
import NFCReader
import NFCTag

extension Hukou.Tag {
    /// `hukou tag read`: waits for one tag on a reader and prints its NDEF message.
    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Wait for one tag on a reader, read its NDEF message and print it.",
            discussion: """
                CONN is libnfc, libnfc:CONNSTRING (e.g. libnfc:pn532_uart:/dev/ttyUSB0),
                pcsc, pcsc:READER NAME, or sim:NAME[,KEY=VALUE…], a simulated reader
                with one tag. Keys: tag, ndef, ndef-file, image (a Type 2 dump, one
                page per line), remove-after, corrupt, timeout-at, unplug-after, frame.
                  hukou tag read --reader sim:ntag215 --hex d101075504676f762e636e
                  hukou tag read --reader sim:desk,tag=type4 --file m.ndef
                  hukou tag read --reader sim:ntag216,image=dump.hex,remove-after=2

                --json prints the object of `hukou ndef decode` plus
                "tag":{"type":"type2"|"type4","uid":"<hex>","product":…,
                "commands":N,"bytesSent":N,"bytesReceived":N}.

                Exit status: 75 when no tag came before the timeout or the tag left
                during the read (tap again); 65 for an unreadable or refused tag; 69
                when the reader cannot be opened, goes away, or stays unavailable until
                the timeout. On failure nothing is printed on stdout.
                """
        )

        /// sysexits.h EX_UNAVAILABLE: the reader cannot be opened.
        static let unavailableStatus: Int32 = 69
        /// sysexits.h EX_TEMPFAIL: no tag in time, or the tag left during the read; tap again.
        static let tryAgainStatus: Int32 = 75

        @Option(name: .customLong("reader"), help: "The reader: libnfc[:CONNSTRING], pcsc[:NAME] or sim:NAME[,…].")
        var connection: String

        @Option(help: "Seconds to wait for a tag.")
        var timeout: Double = 10

        @Flag(help: "Print JSON (the `ndef decode` object plus \"tag\").")
        var json = false

        /// For a sim: reader, the NDEF message of its tag.
        @OptionGroup var ndef: BytesInputOptions
        @OptionGroup var staff: StaffGate

        func validate() throws {
            guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be in (0, 3600] seconds") }
            let parsed = try parsedSpec()
            if ndef.isGiven {
                guard case .simulated(let simulated) = parsed, simulated.tag != nil else {
                    throw ValidationError("--hex and --file need a sim: reader with a tag, e.g. sim:ntag215")
                }
            }
        }

        private func parsedSpec() throws -> ReaderSpec {
            do {
                return try ReaderSpec(parsing: connection)
            } catch {
                throw ValidationError(error.message)
            }
        }

        /// The reader specification, with the message of --hex / --file put on the tag of a sim: one.
        func spec() throws -> ReaderSpec {
            let parsed = try parsedSpec()
            guard ndef.isGiven, case .simulated(var simulated) = parsed else { return parsed }
            simulated.ndefHex = Hex.encode(try ndef.bytes())
            simulated.ndefFile = nil
            simulated.imageFile = nil
            return .simulated(simulated)
        }

        private enum Wait: Sendable {
            case arrived(any TagSession)
            case timedOut
            case ended
        }

        /// The reader's latest status while waiting, so a timeout can say the reader was the problem.
        private actor LastStatus {
            var unavailableReason: String?
            func record(_ status: ReaderStatus) {
                switch status {
                case .ready: unavailableReason = nil
                case .unavailable(let reason, _): unavailableReason = reason
                }
            }
        }

        func run() async throws {
            try await staff.check(
                .tagRead,
                command: "tag read",
                refusing: [
                    ("--hex", ndef.hex != nil), ("--file", ndef.file != nil),
                    ("--reader sim:", connection.hasPrefix("sim:")),
                ]
            )
            let spec = try spec()
            let reader: any Reader
            do {
                reader = try ReaderFactory.makeReader(for: spec)
            } catch {
                throw Hukou.failure(Self.unavailableStatus, "cannot open the reader: \(error)")
            }
            let running = Task { try await reader.run() }
            defer { running.cancel() }

            let deadline = Duration.milliseconds(Int64(timeout * 1000))
            let lastStatus = LastStatus()
            let wait = await withTaskGroup(of: Wait.self) { group in
                group.addTask {
                    for await event in reader.events {
                        switch event {
                        case .tagArrived(let session): return .arrived(session)
                        case .readerStatus(let status): await lastStatus.record(status)
                        case .tagDeparted: continue
                        }
                    }
                    return .ended
                }
                group.addTask {
                    try? await Task.sleep(for: deadline)
                    return .timedOut
                }
                let first = await group.next() ?? .ended
                group.cancelAll()
                return first
            }
            guard case .arrived(let session) = wait else {
                if let reason = await lastStatus.unavailableReason {
                    throw Hukou.failure(Self.unavailableStatus, "\(reader.name) is unavailable: \(reason)")
                }
                throw Hukou.failure(Self.tryAgainStatus, "no tag on \(reader.name) within \(timeout) s")
            }

            let target = session.target
            let result: TagReadResult
            do {
                result = try await session.perform { transceiver in
                    try TagActivator.readNDEF(from: target, over: transceiver)
                }
            } catch let error as TagError {
                await session.signal(.rejected)
                throw Hukou.failure(Self.status(for: error), "\(error)")
            } catch {
                throw Hukou.failure(Self.tryAgainStatus, "tag read failed: \(error)")
            }
            print(json ? Self.json(result) : Self.text(result))
            await session.signal(.accepted)
        }

        /// 75 when the citizen should tap again, 69 when the reader went away, 65 for a tag that cannot be read.
        static func status(for error: TagError) -> Int32 {
            guard error.code == .communication else { return Hukou.NDEF.dataErrorStatus }
            return error.transceiveError?.code == .readerUnavailable ? unavailableStatus : tryAgainStatus
        }

        /// The `ndef decode` object with a `"tag"` member added.
        static func json(_ result: TagReadResult) -> String {
            var tag = [
                "\"type\":\"\(result.tagType)\"",
                "\"uid\":\"\(Hex.encode(result.uid))\"",
                "\"product\":\(JSONString.quoted(result.product))",
            ]
            if let version = result.version { tag.append("\"version\":\"\(Hex.encode(version))\"") }
            tag += [
                "\"commands\":\(result.counters.commands)",
                "\"bytesSent\":\(result.counters.bytesSent)",
                "\"bytesReceived\":\(result.counters.bytesReceived)",
            ]
            let records = NDEFJSON.encode(result.message)
            return String(records.dropLast()) + ",\"tag\":{" + tag.joined(separator: ",") + "}}"
        }

        static func text(_ result: TagReadResult) -> String {
            let header =
                "\(result.tagType) \(result.product), UID \(Hex.encode(result.uid)), \(result.counters.commands) commands,"
                + " \(result.counters.bytesSent) bytes sent, \(result.counters.bytesReceived) received"
            return header + "\n" + NDEFOutputFormat.text.render(result.message)
        }
    }
}
