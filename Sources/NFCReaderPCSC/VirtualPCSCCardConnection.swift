import Foundation

/// Serves a ``VirtualPCSCCard`` to pcscd's vsmartcard vpcd driver over TCP, on a thread of its own.
///
/// pcscd's vpcd listens on `0.0.0.0:PORT` (server mode, `DEVICENAME /dev/null:PORT` in reader.conf); this end
/// connects to it, which pcscd sees as a card put on the reader, and closes the connection to take the card away.
/// Until pcscd listens, connecting is retried every 100 ms; when pcscd goes away (restart), the card is presented
/// again, as a new tap, to the next pcscd. After the card was removed by its fault plan it stays away.
public final class VirtualPCSCCardConnection: @unchecked Sendable {
    // Invariant: `stopped` and `descriptor` are guarded by `lock`; the card itself lives only on the serving thread.
    private let lock = NSLock()
    private var stopped = false
    private var descriptor: Int32?
    private let host: String
    private let port: UInt16
    private let makeCard: @Sendable () -> VirtualPCSCCard
    private let log: @Sendable (String) -> Void

    /// Prepares a connection to `host:port`; `makeCard` is called for every new tap (each new connection).
    public init(
        host: String = "127.0.0.1",
        port: UInt16,
        makeCard: @escaping @Sendable () -> VirtualPCSCCard,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.host = host
        self.port = port
        self.makeCard = makeCard
        self.log = log
    }

    /// Serves until the task is cancelled, or the fault plan unplugs the reader.
    public func run() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                let thread = Thread { [self] in
                    Thread.current.name = "vpcd-card"
                    serve()
                    done.resume()
                }
                thread.start()
            }
        } onCancel: {
            stop()
        }
    }

    /// Stops serving from any thread.
    public func stop() {
        lock.lock()
        stopped = true
        let descriptor = self.descriptor
        lock.unlock()
        if let descriptor { VPCDSocket.shutdown(descriptor: descriptor) }
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func serve() {
        var waitingLogged = false
        while !isStopped {
            let ending: Ending
            do {
                ending = try connectAndServe()
            } catch {
                if !waitingLogged {
                    log("waiting for pcscd's vpcd listener at \(host):\(port) (\(error))")
                    waitingLogged = true
                }
                Thread.sleep(forTimeInterval: 0.1)
                continue
            }
            waitingLogged = false
            switch ending {
            case .stopped:
                return
            case .pcscdLeft:
                log("pcscd closed the connection; presenting the card again when it is back")
            case .removed:
                log("card removed (fault plan); it stays away until this process is restarted")
                waitUntilStopped()
                return
            case .unplugged:
                log("reader unplugged (fault plan)")
                return
            }
        }
    }

    /// Connects, serves one tap, and closes the socket before returning (closing is what tells vpcd the card left).
    private func connectAndServe() throws(VPCDSocket.Failure) -> Ending {
        let socket = try VPCDSocket(host: host, port: port)
        lock.lock()
        descriptor = socket.descriptor
        let stoppedMeanwhile = stopped
        lock.unlock()
        defer {
            lock.lock()
            descriptor = nil
            lock.unlock()
        }
        if stoppedMeanwhile { return .stopped }
        log("card presented to pcscd at \(host):\(port)")
        let ending = session(on: socket)
        socket.close()
        return ending
    }

    private enum Ending {
        case pcscdLeft, removed, unplugged, stopped
    }

    /// One tap: answers pcscd's messages until one side ends it.
    private func session(on socket: borrowing VPCDSocket) -> Ending {
        var card = makeCard()
        var decoder = VPCDFrameDecoder()
        while true {
            let bytes: [UInt8]
            do {
                bytes = try socket.receive()
            } catch {
                return .pcscdLeft
            }
            if bytes.isEmpty { return .pcscdLeft }
            decoder.append(bytes)
            while let message = decoder.nextMessage() {
                switch card.handle(message) {
                case .none:
                    continue
                case .send(let reply):
                    guard let framed = VPCDFrameDecoder.frame(reply) else { return .pcscdLeft }
                    do { try socket.send(framed) } catch { return .pcscdLeft }
                case .remove:
                    return .removed
                case .unplug:
                    return .unplugged
                }
            }
        }
    }

    private func waitUntilStopped() {
        while !isStopped { Thread.sleep(forTimeInterval: 0.1) }
    }
}
