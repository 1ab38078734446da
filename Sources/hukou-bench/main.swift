// hukou-bench <name> [arguments]: each benchmark prints its figures beside its baseline.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "store": try await StoreBenchmark.run(Array(arguments.dropFirst()))
case "all": try await StoreBenchmark.run()
default: print("usage: hukou-bench store [N]")
}
