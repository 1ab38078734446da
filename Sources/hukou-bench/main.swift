// hukou-bench: speed measurements, each printed side by side with its baseline in the same run.
// Usage: hukou-bench <name>|all   (build with -c release: `swift run -c release hukou-bench all`)
//
// To add a benchmark: write `<Name>Benchmark.swift` with a `static func run() async throws` (or `throws`) and add
// one line below.

import Foundation

let benchmarks: [(name: String, run: () async throws -> Void)] = [
    ("ndef", { try NDEFBenchmark.run() }),
    ("intent", { try IntentBenchmark.run() }),
    ("tags", { try await TagBenchmark.run() }),
    ("libnfc", { try await LibNFCBenchmark.run() }),
    ("store", { try await StoreBenchmark.run([]) }),
]

let arguments = CommandLine.arguments.dropFirst()
let names = benchmarks.map(\.name)
guard arguments.count == 1, let requested = arguments.first, requested == "all" || names.contains(requested) else {
    FileHandle.standardError.write(Data("usage: hukou-bench <\((names + ["all"]).joined(separator: "|"))>\n".utf8))
    exit(64)
}
#if DEBUG
    print("warning: a debug build; measure with `swift run -c release hukou-bench \(requested)`\n")
#endif
for benchmark in benchmarks where requested == "all" || requested == benchmark.name {
    print("== \(benchmark.name)")
    do {
        try await benchmark.run()
    } catch {
        FileHandle.standardError.write(Data("hukou-bench \(benchmark.name): \(error)\n".utf8))
        exit(1)
    }
    print("")
}
