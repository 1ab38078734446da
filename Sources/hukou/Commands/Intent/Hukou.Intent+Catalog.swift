import ArgumentParser
import Foundation
import HukouIntent

extension Hukou.Intent {
    /// `hukou intent catalog`.
    struct Catalog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the business catalog (with local overrides) as JSON: a template for an override file."
        )

        @OptionGroup var catalogOptions: CatalogOptions

        func run() async throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(try catalogOptions.load().file)
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
