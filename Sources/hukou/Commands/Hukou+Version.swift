import ArgumentParser
import NFCReaderLibNFC
import NFCReaderPCSC

/// The version of this program.
enum HukouVersion {
    static let string = "0.1.0"
}

extension Hukou {
    /// `hukou version`: this program's version and the versions of the NFC stacks it is linked with.
    struct Version: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the versions of hukou, libnfc and pcsc-lite."
        )

        func run() async throws {
            print("hukou \(HukouVersion.string)")
            print("libnfc \(LibNFCInfo.version)")
            print("pcsc-lite \(PCSCInfo.version)")
        }
    }
}
