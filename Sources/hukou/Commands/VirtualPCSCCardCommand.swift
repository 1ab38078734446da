import ArgumentParser
import Foundation
import NDEF
import NFCReader
import NFCReaderPCSC

extension Hukou.Virtual {
    /// `hukou virtual pcsc-card`: puts an emulated tag on pcscd's virtual reader (vsmartcard vpcd).
    struct VirtualPCSCCard: AsyncParsableCommand {
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

        @Option(help: "The tag: \(TagModelKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var tag: String

        @Option(name: .customLong("ndef-hex"), help: "The NDEF message on the tag, as hex.")
        var ndefHex: String?

        @Option(name: .customLong("ndef-file"), help: "A file holding the NDEF message on the tag (raw bytes).")
        var ndefFile: String?

        @Option(name: .customLong("remove-after"), help: "Take the tag away after this many tag commands.")
        var removeAfter: Int?

        @Option(help: "MLe of a type4 tag: the most bytes one READ BINARY returns (1-255).")
        var mle: Int?

        func validate() throws {
            guard TagModelKind(rawValue: tag) != nil else {
                throw ValidationError("unknown --tag '\(tag)'; use one of \(TagModelKind.allCases.map(\.rawValue))")
            }
            if tag == TagModelKind.mifareClassic1K.rawValue {
                guard ndefHex == nil, ndefFile == nil else {
                    throw ValidationError("a MIFARE Classic card carries no NDEF; leave out --ndef-hex/--ndef-file")
                }
            } else if (ndefHex == nil) == (ndefFile == nil) {
                throw ValidationError("give exactly one of --ndef-hex and --ndef-file")
            }
            if let removeAfter, removeAfter < 0 { throw ValidationError("--remove-after must be 0 or more") }
            if let mle, !(1...255).contains(mle) { throw ValidationError("--mle must be between 1 and 255") }
        }

        func run() async throws {
            guard let kind = TagModelKind(rawValue: tag) else { throw ExitCode.validationFailure }
            let ndef = try loadNDEF()
            let model: any TagModel
            if kind == .type4, let mle {
                model = try Type4TagModel(ndefBytes: ndef ?? [], configuration: .init(maximumResponseLength: mle))
            } else {
                model = try TagModelFactory.make(kind: kind, ndefBytes: ndef)
            }
            let faults = FaultPlan(removeAfter: removeAfter)
            let connection = VirtualPCSCCardConnection(
                host: host,
                port: port,
                makeCard: { NFCReaderPCSC.VirtualPCSCCard(model: model, faults: faults) },
                log: { message in
                    FileHandle.standardError.write(Data("hukou virtual pcsc-card: \(message)\n".utf8))
                }
            )
            await connection.run()
        }

        private func loadNDEF() throws -> [UInt8]? {
            if let ndefHex {
                return try Hex.decode(ndefHex)
            }
            guard let ndefFile else { return nil }
            guard let handle = FileHandle(forReadingAtPath: ndefFile) else {
                throw ValidationError("cannot open --ndef-file \(ndefFile)")
            }
            defer { try? handle.close() }
            let limit = 65_536
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            guard data.count <= limit else {
                throw ValidationError("--ndef-file is larger than \(limit) bytes; no tag holds that much")
            }
            return [UInt8](data)
        }
    }
}
