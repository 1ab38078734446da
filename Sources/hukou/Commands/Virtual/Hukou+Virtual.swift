import ArgumentParser

extension Hukou {
    /// `hukou virtual`: virtual NFC hardware for training and tests, driven through the real C stacks.
    struct Virtual: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run virtual NFC hardware (a tag on a virtual PC/SC reader, a virtual PN532).",
            subcommands: [
                PCSCCard.self,
                PN532.self,
            ]
        )
    }
}
