import ArgumentParser
import Foundation
import HukouIntent

extension Hukou {
    /// `hukou id`: tools for resident ID numbers.
    struct ID: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "id",
            abstract: "Resident ID numbers (公民身份号码, GB 11643-1999).",
            subcommands: [Check.self]
        )

        /// `hukou id check ID`: validate one number.
        struct Check: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Validate an ID number; print it as JSON (exit 0) or the reason on stderr (exit 65).",
                discussion: """
                    A lower-case x is normalised to X; white space and full-width characters are refused. A legacy
                    15-digit number is upgraded to 18 digits (refused for sequence codes 996–999).
                    """
            )

            @Argument(help: "The ID number (18 characters, or 15 legacy digits).")
            var number: String

            @Option(help: "The current instant (ISO 8601), for the not-in-the-future check. Default: now.")
            var now: String?

            func run() async throws {
                let instant = try Hukou.instant(now)
                let id: ResidentIDNumber
                do {
                    id = try ResidentIDNumber(number, now: instant)
                } catch {
                    for reason in error.reasons {
                        Hukou.printError("\(reason.code): \(reason.en) / \(reason.zh)")
                    }
                    throw ExitCode(65)
                }
                var object: [String: Any] = [
                    "id": id.value,
                    "birth_date": id.birthDate.description,
                    "sex": id.sex.rawValue,
                    "region": id.regionCode,
                    "province": id.provinceCode,
                    "province_name": ProvinceCode.names[id.provinceCode] ?? "",
                    "sequence": id.sequence,
                    "upgraded_from_legacy": id.upgradedFromLegacy,
                ]
                if !id.notes.isEmpty {
                    object["notes"] = id.notes.map { ["code": $0.code.rawValue, "zh": $0.zh, "en": $0.en] }
                }
                Hukou.printJSON(object)
            }
        }
    }
}
