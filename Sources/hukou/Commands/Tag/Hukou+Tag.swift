import ArgumentParser
import NDEF
import NFCTag

extension Hukou {
    /// `hukou tag`: tag memory tools (`decode` works on an image; `read` talks to a reader).
    struct Tag: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tag",
            abstract: "Decode tag memory images; read a tag on a reader.",
            subcommands: [Decode.self, Read.self]
        )
    }
}

extension Hukou.Tag {
    /// `hukou tag decode`.
    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decode the NDEF message in a tag memory image.",
            discussion: """
                For --type 2 the image starts at page 0 (CC at page 3, TLVs from page 4); a file may hold raw
                bytes or hex text such as one 4-byte page per line. Prints the message as `ndef decode` does;
                an NDEF TLV of length 0 prints {"records":[]}. A bad CC, a TLV running past the data area or a
                malformed message exits with status 65 and one line on stderr with the offset in the image.
                """
        )

        @Option(help: "The NFC Forum tag type of the image (2).") var type: Int
        @OptionGroup var input: BytesInputOptions
        @Option(help: "Output format: json or text.") var format: NDEFOutputFormat = .json

        func validate() throws {
            guard type == 2 else { throw ValidationError("only --type 2 images can be decoded") }
            try input.requireGiven()
        }

        func run() throws {
            let image = try input.bytes()
            try Hukou.NDEF.reportingErrors {
                do {
                    print(format.render(try Type2Memory.ndefMessage(image: image)))
                } catch let error as TagFormatError {
                    throw Hukou.failure(
                        Hukou.NDEF.dataErrorStatus,
                        "Type 2 tag error \(error.code): \(error.message), offset \(error.offset)"
                    )
                }
            }
        }
    }
}
