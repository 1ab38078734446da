import ArgumentParser
import Foundation

extension Hukou {
    /// Writes `hukou: LINE` on standard error (line breaks made spaces, so it stays one line) and returns the
    /// exit status for the command to throw.
    static func failure(_ status: Int32, _ line: String) -> ExitCode {
        printError("hukou: " + line.replacing("\n", with: " "))
        return ExitCode(status)
    }

    /// Writes one line on standard error.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension Hukou {
    /// Prints a JSON object built from strings, numbers, booleans, arrays and dictionaries (always serialisable).
    static func printJSON(_ object: Any) {
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        print(String(decoding: data, as: UTF8.self))
    }

    /// Parses `--now`-style ISO 8601 instants (`2026-03-01T09:30:00Z`, `…+08:00`); `nil` means now.
    static func instant(_ text: String?) throws -> Date {
        guard let text else { return Date() }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        throw ValidationError("\(text) is not an ISO 8601 instant such as 2026-03-01T09:30:00+08:00")
    }
}
