import CounterDaemon
import Foundation
import Logging
import Testing

@Suite("Daemon configuration")
struct DaemonConfigurationTests {
    @Test("every documented key is read; relative paths resolve against the file's folder")
    func allKeys() throws {
        var configuration = DaemonConfiguration()
        try configuration.apply(
            toml: """
                [store]
                database = "counter.sqlite"
                key_file = "/etc/hukou/store.key"
                retention_days = 14

                [control]
                socket = "/run/hukou/control.sock"
                max_connections = 4
                tap_timeout_seconds = 2.5

                [intent]
                trusted_keys = "keys.json"
                catalog = "/etc/hukou/catalog.json"
                unsigned_cards_per_minute = 4

                [receipt]
                key = "receipt.jwk"
                station = "东华门派出所"

                [readers]
                bind = ["sim:window1@1", "pcsc:ACS ACR122U PICC Interface 00 00@2", "libnfc@3"]
                restart_initial_delay_seconds = 0.25
                restart_max_delay_seconds = 10

                [daemon]
                shutdown_timeout_seconds = 7
                log_level = "debug"
                """,
            source: "test.toml",
            baseDirectory: "/srv/hukou"
        )
        #expect(configuration.databasePath == "/srv/hukou/counter.sqlite")
        #expect(configuration.storeKeyPath == "/etc/hukou/store.key")
        #expect(configuration.controlSocketPath == "/run/hukou/control.sock")
        #expect(configuration.maximumControlConnections == 4)
        #expect(configuration.controlTapTimeout == .milliseconds(2500))
        #expect(configuration.trustedKeysPath == "/srv/hukou/keys.json")
        #expect(configuration.catalogPath == "/etc/hukou/catalog.json")
        #expect(configuration.retentionDays == 14)
        #expect(configuration.unsignedCardsPerMinute == 4)
        #expect(configuration.readers.map(\.window) == [1, 2, 3])
        #expect(configuration.readers[1].spec == "pcsc:ACS ACR122U PICC Interface 00 00")
        #expect(configuration.readers[2].kind == "libnfc")
        #expect(configuration.restartInitialDelay == .milliseconds(250))
        #expect(configuration.restartMaximumDelay == .seconds(10))
        #expect(configuration.shutdownTimeout == .seconds(7))
        #expect(configuration.logLevel == .debug)
        #expect(configuration.receiptKeyPath == "/srv/hukou/receipt.jwk")
        #expect(configuration.stationName == "东华门派出所")
        try configuration.validate()
        configuration.stationName = nil
        #expect(throws: DaemonConfigurationError.self) { try configuration.validate() }
    }

    @Test(
        "bad files are refused with the key named",
        arguments: [
            ("[store]\ndatabse = \"x\"", "databse"),
            ("[control]\nmax_connections = \"many\"", "max_connections"),
            ("[readers]\nbind = [\"sim:window1\"]", "@WINDOW"),
            ("[readers]\nbind = [\"sim:w@0\"]", "window"),
            ("[daemon]\nlog_level = \"loud\"", "log_level"),
            ("[daemon]\nshutdown_timeout_seconds = -1", "shutdown_timeout_seconds"),
            ("[store\n", "test.toml"),
            ("[[staff]]\nlogin = \"a\"\nname = \"甲\"\nnumber = \"1\"\nrole = \"boss\"", "role"),
            ("[[staff]]\nlogin = \"a\"\nname = \"甲\"\nnumber = \"1\"\nrole = \"clerk\"", "window"),
            (
                "[[staff]]\nlogin = \"a\"\nname = \"甲\"\nnumber = \"1\"\nrole = \"clerk\"\nwindows = [1]\nwindow = 2",
                "window"
            ),
            ("[counter]\nidle_lock_seconds = 0", "idle_lock_seconds"),
            ("[counter]\nservice_account = \"Hu kou\"", "service_account"),
            ("[store]\nretention_days = 0", "retention_days"),
            ("[intent]\nunsigned_cards_per_minute = 601", "unsigned_cards_per_minute"),
        ]
    )
    func badFiles(text: String, mention: String) {
        var configuration = DaemonConfiguration()
        #expect {
            try configuration.apply(toml: text, source: "test.toml", baseDirectory: "/")
        } throws: { error in
            guard let error = error as? DaemonConfigurationError else { return false }
            return error.message.contains(mention)
        }
    }

    @Test("validation: at least one reader, no reader twice")
    func validation() throws {
        var configuration = DaemonConfiguration()
        #expect(throws: DaemonConfigurationError.self) { try configuration.validate() }
        configuration.readers = [try ReaderBinding(parsing: "sim:a@1"), try ReaderBinding(parsing: "sim:a@2")]
        #expect(throws: DaemonConfigurationError.self) { try configuration.validate() }
        configuration.readers = [try ReaderBinding(parsing: "sim:a@1"), try ReaderBinding(parsing: "sim:b@1")]
        try configuration.validate()
    }

    @Test("reader bindings split at the last @ and name readers by spec or short name")
    func bindings() throws {
        let binding = try ReaderBinding(parsing: " pcsc:Reader @ Home 00 00@12 ")
        #expect(binding.spec == "pcsc:Reader @ Home 00 00")
        #expect(binding.window == 12)
        #expect(binding.kind == "pcsc")
        let simulated = try ReaderBinding(parsing: "sim:window1@1")
        #expect(simulated.matches("window1") && simulated.matches("sim:window1") && !simulated.matches("window2"))
        for bad in ["", "sim:x", "sim:x@", "sim:x@abc", "sim:x@1000", "@1", "noKind@1", "sim:x@-1"] {
            #expect(throws: DaemonConfigurationError.self, "\(bad)") { try ReaderBinding(parsing: bad) }
        }
    }
}
