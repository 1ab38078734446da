switch CommandLine.arguments.dropFirst().first {
case "tags": try TagBenchmark.run()
default: print("hukou-bench: no benchmark yet")
}
