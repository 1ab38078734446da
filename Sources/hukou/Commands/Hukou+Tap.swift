import ArgumentParser
import CounterDaemon
import Foundation

extension Hukou {
    /// `hukou tap`: hands an NDEF message to a running daemon's simulated reader, as if a tag were tapped on it.
    struct Tap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tap an NDEF message on a running daemon's simulated reader.",
            discussion: """
                The daemon presents the bytes as a real tag model (NTAG215 for --tag-type 2, an Android HCE \
                Type 4 tag for 4) to the same tag-protocol code a USB reader runs, then verifies and stores it. \
                Prints one JSON object once the tap is committed. A refused intent exits 65 with the reasons \
                (Chinese and English) on standard error; an unreachable daemon exits 69; a timeout or a failed \
                read or commit exits 75.
                """
        )

        @Option(name: .long, help: "The daemon's control socket.")
        var control: String

        @Option(name: .long, help: "The simulated reader's name (window1 or sim:window1).")
        var reader: String

        /// The NDEF message: `--hex`, or `--file` (e.g. from `hukou intent make --ndef-file`).
        @OptionGroup var ndef: BytesInputOptions

        @Option(name: .customLong("tag-type"), help: "2 (NTAG215 service card) or 4 (phone, HCE).")
        var tagType: Int = 4

        @Option(name: .long, help: "Seconds to wait for the daemon's answer.")
        var timeout: Double = 10

        func validate() throws {
            try ndef.requireGiven()
            guard tagType == 2 || tagType == 4 else { throw ValidationError("--tag-type must be 2 or 4") }
            guard timeout > 0, timeout <= 600 else { throw ValidationError("--timeout must be in (0, 600]") }
        }

        func run() async throws {
            let bytes = try ndef.bytes()
            let request = ControlRequest.tap(reader: reader, ndef: bytes, tagType: tagType == 2 ? .type2 : .type4)
            let response: ControlResponse
            do {
                response = try await ControlClient.send(
                    request,
                    to: control,
                    timeout: .milliseconds(Int64(timeout * 1000))
                )
            } catch {
                FileHandle.standardError.write(Data("hukou tap: \(error.message)\n".utf8))
                throw ExitCode(error.code == .connectionFailed ? 69 : 75)
            }
            if let failure = response.failure {
                FileHandle.standardError.write(Data("hukou tap: \(failure.code): \(failure.message)\n".utf8))
                switch failure.code {
                case .malformedRequest, .unknownReader: throw ExitCode(64)
                case .readerUnavailable, .shuttingDown: throw ExitCode(69)
                default: throw ExitCode(75)
                }
            }
            if response.outcome == .rejected {
                var text = "hukou tap: rejected / 已拒绝\n"
                for reason in response.reasons ?? [] {
                    text += "  \(reason.field) [\(reason.code)]: \(reason.zh) / \(reason.en)\n"
                }
                FileHandle.standardError.write(Data(text.utf8))
                throw ExitCode(65)
            }
            guard let transaction = response.transaction else {
                FileHandle.standardError.write(Data("hukou tap: the daemon answered without a transaction\n".utf8))
                throw ExitCode(75)
            }
            let output = TapOutput(
                transactionID: transaction.id,
                state: transaction.state,
                duplicate: response.duplicate ?? false,
                ticket: transaction.ticket,
                window: transaction.window,
                businessCode: transaction.businessCode,
                receipt: response.receipt?.rawValue
            )
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(output), as: UTF8.self))
        }
    }
}

/// What `hukou tap` prints: one JSON object.
private struct TapOutput: Encodable {
    var transactionID: Int64
    var state: String
    var duplicate: Bool
    var ticket: String?
    var window: Int
    var businessCode: String
    /// `delivered` or `failed` when the phone asked for a receipt (docs/intent-format.md §12); absent otherwise.
    var receipt: String?

    enum CodingKeys: String, CodingKey {
        case transactionID = "transaction_id"
        case state, duplicate, ticket, window, receipt
        case businessCode = "business_code"
    }
}
