import Foundation

/// Sends one request to a running daemon's control socket and waits for the answer (`hukou tap`, tests).
public enum ControlClient {
    /// Sends `request` to the daemon listening on `path` and returns its response.
    ///
    /// The socket I/O runs on a thread of its own. `timeout` bounds the whole exchange.
    /// - Throws: ``ControlProtocolError`` with code ``ControlProtocolError/Code/connectionFailed`` or
    ///   ``ControlProtocolError/Code/timeout``.
    public static func send(
        _ request: ControlRequest,
        to path: String,
        timeout: Duration = .seconds(10)
    ) async throws(ControlProtocolError) -> ControlResponse {
        // Seconds clamped to a day first, so a huge or negative `timeout` cannot overflow the multiplication.
        let seconds = min(max(timeout.components.seconds, 0), 86_400)
        let milliseconds = Int32(
            clamping: seconds * 1000 + max(timeout.components.attoseconds, 0) / 1_000_000_000_000_000
        )
        let line = Array(request.encodedLine()) + [0x0A]
        let answer = try await ControlSocketServer.onOwnThread(name: "hukou-control-client") {
            () throws(ControlProtocolError) -> Data in
            try exchange(line, path: path, timeoutMilliseconds: milliseconds)
        }
        return try ControlResponse(line: answer)
    }

    private static func exchange(
        _ line: [UInt8],
        path: String,
        timeoutMilliseconds: Int32
    ) throws(ControlProtocolError) -> Data {
        let started = ContinuousClock.now
        let socket = try UnixSocket.connect(path: path, timeoutMilliseconds: timeoutMilliseconds)
        defer { socket.close() }
        try socket.writeAll(line)
        var buffer: [UInt8] = []
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                return Data(buffer[..<newline])
            }
            let elapsed = ContinuousClock.now - started
            let left =
                Int64(timeoutMilliseconds) - elapsed.components.seconds * 1000
                - elapsed.components.attoseconds / 1_000_000_000_000_000
            guard left > 0 else {
                throw ControlProtocolError(.timeout, "no answer from the daemon within \(timeoutMilliseconds) ms")
            }
            guard try socket.waitReadable(timeoutMilliseconds: Int32(clamping: left)) else { continue }
            let chunk = try socket.readAvailable(maximum: 64 * 1024)
            guard !chunk.isEmpty else {
                throw ControlProtocolError(.connectionFailed, "the daemon closed the connection without an answer")
            }
            buffer.append(contentsOf: chunk)
            guard buffer.count <= 4 * 1024 * 1024 else {
                throw ControlProtocolError(.connectionFailed, "the daemon's answer is too long")
            }
        }
    }
}
