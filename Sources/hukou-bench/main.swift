switch CommandLine.arguments.dropFirst().first {
case "tags": try await TagBenchmark.run()
default: print("hukou-bench: no benchmark yet")
}
