import HukouText
public import Logging

/// A log handler that writes every message and metadata value through ``SafeText/escaped(_:)`` before handing the
/// event to the handler it wraps: control and format characters (ESC, newlines, bidi overrides …) become `\u{…}`.
///
/// Values in log lines often come from outside (a tag's claim names, a reader's name, an error's description); with
/// the escaping here, in the one handler the daemon installs, no call site can forge a log line or send terminal
/// escape sequences to whoever reads the log, whatever it logs. Handler metadata and the metadata provider's values
/// are merged and escaped too; an event's error is logged as the escaped `error` metadata value.
public struct EscapingLogHandler: LogHandler {
    private var inner: any LogHandler
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    /// Wraps `inner`, which should have no metadata or provider of its own (they would pass unescaped).
    public init(_ inner: any LogHandler) {
        self.inner = inner
    }

    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        if let error = event.error { merged["error"] = "\(error)" }
        var escaped = event
        escaped.error = nil
        escaped.message = "\(SafeText.escaped(event.message.description))"
        escaped.metadata = merged.isEmpty ? nil : merged.mapValues(Self.escape)
        inner.log(event: escaped)
    }

    static func escape(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(SafeText.escaped(text))
        case .stringConvertible(let convertible): .string(SafeText.escaped(convertible.description))
        case .array(let values): .array(values.map(escape))
        case .dictionary(let values): .dictionary(values.mapValues(escape))
        }
    }
}
