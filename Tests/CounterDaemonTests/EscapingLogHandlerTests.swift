import CounterDaemon
import Foundation
import Logging
import Testing

/// What the daemon's log handler passes on: one line per event, whatever a call site logs.
@Suite struct EscapingLogHandlerTests {
    final class Capture: @unchecked Sendable {
        // `events` is only touched under `lock`.
        private let lock = NSLock()
        private var events: [LogEvent] = []
        func append(_ event: LogEvent) { lock.withLock { events.append(event) } }
        var all: [LogEvent] { lock.withLock { events } }
    }

    struct Inner: LogHandler {
        let capture: Capture
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { capture.append(event) }
    }

    @Test func escapesControlAndFormatCharactersInTheMessageAndEveryMetadataValue() throws {
        let capture = Capture()
        var logger = Logger(label: "test") { _ in EscapingLogHandler(Inner(capture: capture)) }
        logger[metadataKey: "reader"] = "sim:w\u{1B}[31m"
        let forged = "x\n2026-03-01T09:30:00+0800 info hukou.daemon : transaction=1 tap stored"
        logger.notice(
            "tap rejected \(forged)",
            metadata: [
                "reasons": "\(forged):invalidClaim",
                "list": ["a\u{202E}b", "c"],
                "nested": ["k": "\u{2028}"],
            ]
        )
        let event = try #require(capture.all.first)
        var texts = [event.message.description]
        func collect(_ value: Logger.Metadata.Value) {
            switch value {
            case .string(let text): texts.append(text)
            case .stringConvertible(let value): texts.append(value.description)
            case .array(let values): values.forEach(collect)
            case .dictionary(let values): values.values.forEach(collect)
            }
        }
        for value in (event.metadata ?? [:]).values { collect(value) }
        #expect(texts.count == 6)
        for text in texts {
            #expect(
                !text.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{202E}" || $0 == "\u{2028}" },
                "\(text)"
            )
        }
        #expect(event.message.description.contains("x\\u{000A}2026"))
        #expect(event.metadata?["reader"] == "sim:w\\u{001B}[31m")
    }
}
