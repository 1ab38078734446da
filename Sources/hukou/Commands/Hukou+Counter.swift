import ArgumentParser
import CounterDaemon
import CounterStore
import CounterTerminal
import Foundation

extension Hukou {
    /// `hukou counter`: the clerk's prompt for one window.
    struct Counter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The clerk's prompt for one window (中文 by default; --lang en for English).",
            discussion: """
                New taps for the window appear above the prompt within a fraction of a second. Commands, each \
                with its Chinese alias: confirm [ID] 确认, reject [ID] REASON 退回, next 叫号, recall 重呼, \
                start 开始, complete 办结, noshow 过号, transfer WINDOW 转窗, suspend 挂起, resume ID 恢复, \
                list 列表, find TICKET 查找, help 帮助, quit 退出. Every action is audited with --operator. \
                Reads commands from standard input, so a script can drive it.
                """
        )

        @Option(name: .long, help: "The counter store's database (the daemon's --db).")
        var db: String

        @Option(name: .long, help: "The window this terminal serves.")
        var window: Int

        @Option(name: .long, help: "Who is at the terminal; written to every audit row. Default: $USER.")
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
            guard (1...999).contains(window) else { throw ValidationError("--window must be 1...999") }
            guard TerminalLanguage(rawValue: lang) != nil else { throw ValidationError("--lang must be zh or en") }
            guard FileManager.default.fileExists(atPath: db) else {
                throw ValidationError("no database at \(db) (start the daemon with --db \(db) first)")
            }
            if let name = `operator` {
                guard !name.isEmpty, name.count <= 64,
                    !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
                else { throw ValidationError("--operator must be 1 to 64 printable characters") }
            }
        }

        func run() async throws {
            var options = CounterStoreOptions()
            options.keyFilePath = storeKey
            let store: CounterStore
            do {
                store = try CounterStore(path: db, options: options)
            } catch {
                FileHandle.standardError.write(Data("hukou counter: 无法打开数据库 / cannot open the store: \(error)\n".utf8))
                throw ExitCode(74)
            }
            let name =
                `operator` ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "clerk"
            let session = CounterSession(
                store: store,
                window: window,
                operator: String(name.prefix(64)),
                language: TerminalLanguage(rawValue: lang) ?? .zh
            )
            var repeatedTaps: CounterConsole.RepeatedTaps?
            if let control {
                let feed = RepeatedTapFeed(socket: control, window: window)
                _ = await feed.next()  // the starting point, before the prompt opens
                repeatedTaps = { await feed.next() }
            }
            try await CounterConsole(session: session, repeatedTaps: repeatedTaps).run()
        }
    }
}
