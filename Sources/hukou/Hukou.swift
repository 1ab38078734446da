import ArgumentParser

/// The `hukou` command: the counter daemon, the clerk's prompt and the tools around them.
@main
struct Hukou: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hukou",
        abstract: "一触即办: NFC service intents at the household-registration window.",
        version: HukouVersion.string,
        subcommands: [
            Version.self,
            Daemon.self,
            Tap.self,
            Counter.self,
            Application.self,
            NDEF.self,
            Tag.self,
            ID.self,
            Intent.self,
            Queue.self,
            Stats.self,
            EvaluationCommand.self,
            Audit.self,
            DB.self,
            Virtual.self,
            Readers.self,
            Doctor.self,
            Receipt.self,
            Central.self,
        ]
    )
}
