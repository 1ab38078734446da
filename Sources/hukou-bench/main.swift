switch CommandLine.arguments.dropFirst().first {
case "intent": try IntentBenchmark.run()
default: print("hukou-bench: no benchmark yet")
}
