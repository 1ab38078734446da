import ArgumentParser
import Foundation
import HukouText
import NDEF
import NDEFJSON

extension Hukou {
    /// `hukou ndef`: decode and encode NDEF messages.
    ///
    /// The JSON form is ``NDEFJSON``'s. Malformed input exits with status 65 (EX_DATAERR), prints nothing on
    /// stdout and one line on stderr naming the error and its byte offset; an unreadable file exits 66.
    struct NDEF: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ndef",
            abstract: "Decode and encode NDEF messages.",
            subcommands: [Decode.self, Encode.self]
        )

        /// The exit status for malformed input (sysexits.h EX_DATAERR).
        static let dataErrorStatus: Int32 = 65

        /// Runs `body`, turning malformed input into one stderr line and status 65, nothing on stdout.
        static func reportingErrors(_ body: () throws -> Void) throws {
            do {
                try body()
            } catch let error as NDEFDecodingError {
                throw Hukou.failure(
                    dataErrorStatus,
                    "NDEF error \(error.code): \(error.message), offset \(error.offset)"
                )
            } catch let error as NDEFEncodingError {
                throw Hukou.failure(dataErrorStatus, "NDEF encoding error: \(error)")
            } catch let error as NDEFJSONError {
                throw Hukou.failure(dataErrorStatus, "\(error)")
            }
        }
    }
}

extension Hukou.NDEF {
    /// `hukou ndef decode`.
    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decode an NDEF message (raw, from the first record header) and print its records.",
            discussion: """
                Prints one JSON object {"records":[{"tnf":N,"type":"<hex>","id":"<hex>","payload":"<hex>",…}]}.
                Malformed input exits with status 65 and one line on stderr naming the error and its offset.
                """
        )

        @OptionGroup var input: BytesInputOptions
        @Option(help: "Output format: json or text.") var format: NDEFOutputFormat = .json

        func validate() throws { try input.requireGiven() }

        func run() throws {
            let bytes = try input.bytes()
            try Hukou.NDEF.reportingErrors {
                print(format.render(try NDEFMessage(decoding: bytes)))
            }
        }
    }

    /// `hukou ndef encode`.
    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Encode an NDEF message from the JSON that `ndef decode` prints.",
            discussion: """
                Reads {"records":[{"tnf":N,"type":"<hex>","id":"<hex>","payload":"<hex>"}]} from a file or stdin
                and writes the message as hex (default) or raw bytes. Where `payload` is absent, a well-known
                URI record may give `uri` and a Text record `text` (and `lang`, default "en") instead.
                """
        )

        @Option(name: .shortAndLong, help: "Read the JSON from this file instead of stdin.") var file: String?
        @Flag(help: "Write raw bytes instead of hex.") var raw = false
        @Option(help: "Split payloads longer than this into chunks.") var chunkSize: Int?
        @Flag(help: "Always use 4-byte payload lengths (no short records).") var long = false

        func run() throws {
            let json = try BytesInputOptions.contents(ofFile: file)
            try Hukou.NDEF.reportingErrors {
                let message = try NDEFJSON.decode(json)
                let bytes = try message.encoded(
                    options: NDEFEncodingOptions(chunkSize: chunkSize, usesShortRecords: !long)
                )
                if raw {
                    FileHandle.standardOutput.write(Data(bytes))
                } else {
                    print(Hex.encode(bytes))
                }
            }
        }
    }
}
