import ArgumentParser
import CounterStaff
import Foundation
import NFCReaderLibNFC
import NFCReaderPCSC

extension Hukou {
    /// `hukou readers`: every PC/SC reader and libnfc device on this machine, with its driver and problems.
    struct Readers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the NFC readers (PC/SC and libnfc) with their driver, state and any problem."
        )

        @Flag(help: "Print one JSON object instead of text.")
        var json = false
        @OptionGroup var staff: StaffGate

        /// One reader or device, whichever stack found it.
        struct Row: Codable, Hashable {
            /// The `--reader` / config string that opens it.
            var reader: String
            var stack: String
            var driver: String
            var state: String?
            var atr: String?
            var card: String?
            var problems: [String]
        }

        /// Everything found.
        struct Listing: Codable {
            var readers: [Row]
            /// Problems with a stack as a whole (pcscd not running, no libnfc device).
            var problems: [String]
        }

        func run() async throws {
            try await staff.check(.readers, command: "readers")
            let listing = await Self.collect()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(listing), as: UTF8.self))
            } else {
                print(Self.render(listing), terminator: "")
            }
        }

        static func collect() async -> Listing {
            let pcsc = await PCSCDiscovery.readers()
            var rows = pcsc.readers.map { reader in
                Row(
                    reader: "pcsc:\(reader.name)",
                    stack: "pcsc",
                    driver: reader.driver,
                    state: reader.state,
                    atr: reader.atr,
                    card: reader.card,
                    problems: reader.problems
                )
            }
            var problems = pcsc.problem.map { ["PC/SC: \($0)"] } ?? []
            let libnfc = await libnfcDevices()
            rows += libnfc.rows
            problems += libnfc.problems
            return Listing(readers: rows, problems: problems)
        }

        /// The libnfc devices, through `LibNFCDiscovery` (listed, not opened: a running daemon keeps its reader).
        static func libnfcDevices() async -> (rows: [Row], problems: [String]) {
            let devices = await LibNFCDiscovery.devices()
            let rows = devices.map { device in
                Row(
                    reader: "libnfc:\(device.connstring)",
                    stack: "libnfc",
                    driver: device.driver,
                    problems: device.problems
                )
            }
            guard rows.isEmpty else { return (rows, []) }
            return (
                [],
                [
                    "libnfc \(LibNFCDiscovery.version): no device found (USB readers are found by themselves; a PN532 "
                        + "on a serial port must be declared in /etc/nfc/libnfc.conf or /etc/nfc/devices.d)"
                ]
            )
        }

        static func render(_ listing: Listing) -> String {
            var out = ""
            if listing.readers.isEmpty { out += "No NFC reader found.\n" }
            for row in listing.readers {
                out += "\(row.reader)\n"
                out += "    driver: \(row.driver)\n"
                if let state = row.state { out += "    state:  \(state)\n" }
                if let card = row.card { out += "    card:   \(card)\n" }
                if let atr = row.atr { out += "    ATR:    \(atr)\n" }
                for problem in row.problems { out += "    problem: \(problem)\n" }
            }
            for problem in listing.problems { out += "problem: \(problem)\n" }
            return out
        }
    }
}
