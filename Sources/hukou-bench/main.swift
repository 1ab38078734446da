switch CommandLine.arguments.dropFirst().first {
case "tags": try await TagBenchmark.run()
case "libnfc": try await LibNFCBenchmark.run()
default: print("hukou-bench: no benchmark yet")
}
