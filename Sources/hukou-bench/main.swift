switch CommandLine.arguments.dropFirst().first {
case "intent": try await IntentBenchmark.run()
default: print("hukou-bench: no benchmark yet")
}
