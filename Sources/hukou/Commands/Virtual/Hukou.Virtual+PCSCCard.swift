import ArgumentParser
import Foundation
import NFCReader
import NFCReaderPCSC

extension Hukou.Virtual {
    /// `hukou virtual pcsc-card`: puts an emulated tag on pcscd's virtual reader (vsmartcard vpcd).
    struct PCSCCard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pcsc-card",
            abstract: "Put an emulated tag on pcscd's virtual reader (vsmartcard vpcd) until killed.",
            discussion: """
                pcscd must load the vpcd driver in server mode (reader.conf: DEVICENAME /dev/null:PORT, \
                CHANNELID PORT). The card connects to 127.0.0.1:PORT, so run it in pcscd's network namespace \
                (nsenter --net=/proc/PCSCD_PID/ns/net ...). Type 2 kinds appear as a PC/SC Part 3 storage card, \
                type4 as an ISO-DEP card taking APDUs.
                """
        )

        @Option(help: "The vpcd TCP port (pcscd's CHANNELID; 35963 for Debian's stock /etc/reader.conf.d/vpcd).")
        var port: UInt16 = 35963

        @Option(help: "The address pcscd's vpcd listens on.")
        var host = "127.0.0.1"

        @OptionGroup var tagOptions: VirtualTagOptions

        @Option(help: "MLe of a type4 tag: the most bytes one READ BINARY returns (1-255).")
        var mle: Int?

        func validate() throws {
            if tagOptions.tag == TagModelKind.mifareClassic1K.rawValue {
                guard !tagOptions.ndef.isGiven else {
                    throw ValidationError("a MIFARE Classic card carries no NDEF; leave out --hex and --file")
                }
            } else {
                try tagOptions.ndef.requireGiven()
            }
            if let mle, !(1...255).contains(mle) { throw ValidationError("--mle must be between 1 and 255") }
        }

        func run() async throws {
            let model = try tagOptions.model(mle: mle)
            let faults = FaultPlan(removeAfter: tagOptions.removeAfter)
            let log: @Sendable (String) -> Void = { message in
                FileHandle.standardError.write(Data("hukou virtual pcsc-card: \(message)\n".utf8))
            }
            let connection = VirtualPCSCCardConnection(
                host: host,
                port: port,
                makeCard: {
                    NFCReaderPCSC.VirtualPCSCCard(
                        model: model,
                        faults: faults,
                        onNDEFWritten: VirtualTagOptions.printWrite
                    )
                },
                log: log
            )
            await connection.run()
        }
    }
}
