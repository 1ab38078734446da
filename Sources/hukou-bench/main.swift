// hukou-bench: speed measurements, each printed side by side with its baseline in the same run.
// Usage: hukou-bench <name> [arguments] | all   (build with -c release: `swift run -c release hukou-bench all`)
//
// To add a benchmark: write `<Name>Benchmark.swift` with a `static func run` and add one line below.

import Foundation

let benchmarks: [(name: String, run: ([String]) async throws -> Void)] = [
    ("ndef", { _ in try NDEFBenchmark.run() }),
    ("tags", { _ in try await TagBenchmark.run() }),
    ("libnfc", { _ in try await LibNFCBenchmark.run() }),
    ("intent", { _ in try IntentBenchmark.run() }),
    ("store", { try await StoreBenchmark.run($0) }),
    ("pipeline", { try await PipelineBenchmark.run($0) }),
    ("receipt", { _ in try await ReceiptBenchmark.run() }),
    ("hall", { try await HallBenchmark.run($0) }),
    ("central", { try await CentralBenchmark.run($0) }),
]

let arguments = Array(CommandLine.arguments.dropFirst())
let names = benchmarks.map(\.name)
guard let requested = arguments.first, requested == "all" || names.contains(requested) else {
    FileHandle.standardError.write(
        Data("usage: hukou-bench <\((names + ["all"]).joined(separator: "|"))> [arguments]\n".utf8)
    )
    exit(64)
}
#if DEBUG
    print("warning: a debug build; measure with `swift run -c release hukou-bench \(requested)`\n")
#endif
for benchmark in benchmarks where requested == "all" || requested == benchmark.name {
    print("== \(benchmark.name)")
    do {
        try await benchmark.run(requested == "all" ? [] : Array(arguments.dropFirst()))
    } catch {
        FileHandle.standardError.write(Data("hukou-bench \(benchmark.name): \(error)\n".utf8))
        exit(1)
    }
    print("")
}
