import ArgumentParser
import CounterDaemon
import CounterStaff
import CounterStore
import CounterTerminal
import Foundation
import HukouText

extension Hukou {
    /// `hukou counter`: the clerk's prompt for one window.
    struct Counter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The clerk's prompt for one window (中文 by default; --lang en for English).",
            discussion: """
                New taps for the window appear above the prompt within a fraction of a second. Commands, each \
                with its Chinese alias: confirm [ID] 确认, reject [ID] REASON 退回, next 叫号, recall 重呼, \
                start 开始 (shows the whole application), details 详情, check N… 核验, complete 办结, noshow 过号, \
                transfer WINDOW 转窗, suspend 挂起, resume ID 恢复, list 列表, find TICKET 查找, help 帮助, quit 退出. Every action is audited with the operator: the \
                logged-in person on the staff roster ([[staff]] in --config; under sudo, the login sudo records). \
                Reads commands from standard input, so a script can drive it.
                """
        )

        @Option(name: .long, help: "The counter store's database (default: store.database of the configuration).")
        var db: String?

        @Option(name: .long, help: "The window this terminal serves (default: the clerk's one window in the roster).")
        var window: Int?

        @Option(
            name: .long,
            help: "The configuration with the staff roster (default: \(Hukou.Counter.defaultConfigPath)).",
            completion: .file()
        )
        var config: String?

        @Flag(name: .long, help: "Training mode: only on counter.training_database; allows --operator.")
        var training = false

        @Option(name: .long, help: "Training mode only: the trainee's name, written to every audit row.")
        var `operator`: String?

        @Option(name: .long, help: "zh (default) or en.")
        var lang: String = "zh"

        @Option(name: .customLong("store-key"), help: "The store key file (default: <db>.key).")
        var storeKey: String?

        @Option(
            name: .long,
            help:
                "The daemon's control socket, to flag repeated taps (optional; the store records nothing for a repeat)."
        )
        var control: String?

        func validate() throws {
            if let window {
                guard (1...999).contains(window) else { throw ValidationError("--window must be 1...999") }
            }
            guard TerminalLanguage(rawValue: lang) != nil else { throw ValidationError("--lang must be zh or en") }
            if let name = `operator` {
                guard !name.isEmpty, name.count <= 64, SafeText.problem(in: name) == nil else {
                    throw ValidationError(
                        "--operator must be 1 to 64 characters without control or format characters or surrounding spaces"
                    )
                }
            }
        }

        func run() async throws {
            let (plan, configuration) = try promptPlan()
            guard FileManager.default.fileExists(atPath: plan.db) else {
                throw Hukou.failure(66, "counter: 没有数据库 / no database at \(plan.db) (start the daemon first)")
            }
            var options = CounterStoreOptions()
            options.keyFilePath = plan.storeKey
            let store: CounterStore
            do {
                store = try CounterStore(path: plan.db, options: options)
            } catch {
                FileHandle.standardError.write(Data("hukou counter: 无法打开数据库 / cannot open the store: \(error)\n".utf8))
                throw ExitCode(74)
            }
            let session = CounterSession(
                store: store,
                window: plan.window,
                operator: plan.operator,
                language: TerminalLanguage(rawValue: lang) ?? .zh,
                catalog: try Self.catalog(configuration),
                handoffDirectory: configuration.counter.handoffDirectory
            )
            var repeatedTaps: CounterConsole.RepeatedTaps?
            if let control = plan.control {
                let feed = RepeatedTapFeed(socket: control, window: plan.window)
                _ = await feed.next()  // the starting point, before the prompt opens
                repeatedTaps = { await feed.next() }
            }
            do {
                try await CounterConsole(
                    session: session,
                    repeatedTaps: repeatedTaps,
                    idleLock: configuration.counter.idleLock
                ).run()
            } catch let refusal as StaffError {
                throw Hukou.failure(77, "counter: \(refusal.zh) / \(refusal.en)")
            }
        }
    }
}
