import Foundation
import NIOCore
import NIOPosix

/// Sends one request to a running daemon's control socket and waits for the answer (`hukou tap`, tests).
public enum ControlClient {
    /// The longest answer accepted from the daemon, in bytes.
    static let maximumAnswerLength = 4 * 1024 * 1024

    /// Sends `request` to the daemon listening on `path` and returns its response.
    ///
    /// `timeout` bounds the whole exchange: connecting, writing and waiting for the answer line.
    /// - Throws: ``ControlProtocolError`` with code ``ControlProtocolError/Code/connectionFailed`` or
    ///   ``ControlProtocolError/Code/timeout``.
    public static func send(
        _ request: ControlRequest,
        to path: String,
        timeout: Duration = .seconds(10)
    ) async throws(ControlProtocolError) -> ControlResponse {
        // Seconds clamped to a day first, so a huge or negative `timeout` cannot overflow the multiplication.
        let seconds = min(max(timeout.components.seconds, 0), 86_400)
        let milliseconds = seconds * 1000 + max(timeout.components.attoseconds, 0) / 1_000_000_000_000_000
        let deadline = NIODeadline.now() + .milliseconds(milliseconds)
        let connection: ControlSocketServer.Connection
        do {
            connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(max(milliseconds, 1)))
                .connect(unixDomainSocketPath: path) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            ByteToMessageHandler(ControlLineDecoder(maximumLength: maximumAnswerLength))
                        )
                        return try ControlSocketServer.Connection(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw ControlProtocolError(.connectionFailed, "connect \(path): \(ControlSocketFile.describe(error))")
        }
        let timedOut = LockedValue(false)
        let channel = connection.channel
        let timer = channel.eventLoop.scheduleTask(deadline: deadline) {
            timedOut.withLock { $0 = true }
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        let answer: Data
        do {
            answer = try await connection.executeThenClose { inbound, outbound -> Data in
                var line = ByteBuffer(bytes: request.encodedLine())
                line.writeInteger(UInt8(0x0A))
                try await outbound.write(line)
                for try await frame in inbound {
                    switch frame {
                    case .line(let line): return Data(line.readableBytesView)
                    case .tooLong: throw ControlProtocolError(.connectionFailed, "the daemon's answer is too long")
                    }
                }
                throw ControlProtocolError(.connectionFailed, "the daemon closed the connection without an answer")
            }
        } catch {
            if timedOut.current {
                throw ControlProtocolError(.timeout, "no answer from the daemon within \(milliseconds) ms")
            }
            if let error = error as? ControlProtocolError { throw error }
            throw ControlProtocolError(.connectionFailed, "\(path): \(ControlSocketFile.describe(error))")
        }
        return try ControlResponse(line: answer)
    }
}
