import ArgumentParser
import Foundation
import NFCReader
import NFCReaderLibNFC

extension Hukou.Virtual {
    /// `hukou virtual pn532`: a PN532 reader on a pseudo-terminal, with an emulated tag in its field.
    struct PN532: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pn532",
            abstract: "Emulate a PN532 reader on a pseudo-terminal, with a tag in its field, until killed.",
            discussion: """
                libnfc opens it like a PN532 on a USB-serial adapter: LIBNFC_DEVICE=pn532_uart:LINK, or \
                hukou tag read --reader libnfc:pn532_uart:LINK. The tag stays in the field (each selection is a \
                new activation) until --remove-after takes it away. With --vanish-after the device disappears \
                (the pty closes and the link is removed), as when a USB reader is unplugged; with --wedge-after the chip \
                acknowledges commands but never answers them, as a browned-out PN532 does.
                """
        )

        @Option(help: "Where to create the symlink to the pseudo-terminal (an existing symlink is replaced).")
        var link: String

        @OptionGroup var tagOptions: VirtualTagOptions

        @Option(name: .customLong("vanish-after"), help: "Make the device vanish after this many PN532 commands.")
        var vanishAfter: Int?

        @Option(
            name: .customLong("wedge-after"),
            help: "Make the chip stop answering (frames still acknowledged) after this many PN532 commands."
        )
        var wedgeAfter: Int?

        @Option(
            name: .customLong("arrive-after"),
            help: "Keep the tag out of the field for this many seconds, then tap it (while libnfc polls)."
        )
        var arriveAfter: Double?

        @Flag(help: "Print every frame on stderr.")
        var trace = false

        func validate() throws {
            try tagOptions.ndef.requireGiven()
            if let vanishAfter, vanishAfter < 0 { throw ValidationError("--vanish-after must be 0 or more") }
            if let wedgeAfter, wedgeAfter < 0 { throw ValidationError("--wedge-after must be 0 or more") }
            if let arriveAfter, !(0...3600).contains(arriveAfter) {
                throw ValidationError("--arrive-after must be between 0 and 3600 seconds")
            }
            guard !link.isEmpty else { throw ValidationError("--link must not be empty") }
        }

        func run() async throws {
            let kind = try tagOptions.kind()
            let model = try tagOptions.model()
            var emulator = TagEmulator(model, faults: FaultPlan(removeAfter: tagOptions.removeAfter))
            emulator.onNDEFWritten = VirtualTagOptions.printWrite
            let chip = VirtualPN532(
                tag: emulator,
                vanishAfter: vanishAfter,
                wedgeAfter: wedgeAfter,
                arrivesLater: arriveAfter != nil
            )
            let log: @Sendable (String) -> Void = { line in
                FileHandle.standardError.write(Data("hukou virtual pn532: \(line)\n".utf8))
            }
            let device = try VirtualPN532Device(
                chip: chip,
                link: link,
                tagArrival: arriveAfter.map { .milliseconds(Int64($0 * 1000)) },
                trace: trace ? log : nil
            )
            log("\(kind) on \(device.path), linked at \(link)")

            // SIGTERM and SIGINT stop the device, which closes the pty and removes the link.
            signal(SIGTERM, SIG_IGN)
            signal(SIGINT, SIG_IGN)
            let signalQueue = DispatchQueue(label: "hukou virtual pn532 signals")
            let sources = [SIGTERM, SIGINT].map { number in
                let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
                source.setEventHandler { device.stop() }
                source.resume()
                return source
            }
            defer { sources.forEach { $0.cancel() } }

            let outcome = await withCheckedContinuation { continuation in
                let thread = Thread {
                    continuation.resume(returning: Result { try device.serve() })
                }
                thread.name = "hukou virtual pn532"
                thread.start()
            }
            let (ending, commands) = try outcome.get()
            log("\(ending == .vanished ? "vanished" : "stopped") after \(commands) tag commands")
        }
    }
}
