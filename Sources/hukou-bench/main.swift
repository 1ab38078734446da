// hukou-bench <name> [arguments]: each benchmark prints its figures beside its baseline.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "store": try await StoreBenchmark.run(Array(arguments.dropFirst()))
case "intent": try IntentBenchmark.run()
case "tags": try await TagBenchmark.run()
case "pipeline": try await PipelineBenchmark.run(Array(arguments.dropFirst()))
case "all":
    try await StoreBenchmark.run()
    try IntentBenchmark.run()
    try await TagBenchmark.run()
    try await PipelineBenchmark.run([])
default: print("usage: hukou-bench store [N] | intent | tags | pipeline [N] | all")
}
