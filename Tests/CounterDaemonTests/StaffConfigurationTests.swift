import CounterDaemon
import CounterStaff
import Foundation
import Testing

@Suite("Staff roster and prompt settings in counter.toml")
struct StaffConfigurationTests {
    @Test("[counter] and [[staff]] are read; relative paths resolve against the file's folder")
    func read() throws {
        var configuration = DaemonConfiguration()
        try configuration.apply(
            toml: """
                [counter]
                service_account = "hukou"
                idle_lock_seconds = 300
                training_database = "training.sqlite"
                handoff_directory = "/var/lib/hukou/handoff"

                [[staff]]
                login = "zhangwei"
                name = "张伟"
                number = "010123"
                role = "clerk"
                windows = [1, 2]

                [[staff]]
                login = "wangfang"
                name = "王芳"
                number = "010001"
                role = "supervisor"
                """,
            source: "test.toml",
            baseDirectory: "/etc/hukou"
        )
        #expect(configuration.counter.serviceAccount == "hukou")
        #expect(configuration.counter.idleLock == .seconds(300))
        #expect(configuration.counter.trainingDatabasePath == "/etc/hukou/training.sqlite")
        #expect(configuration.counter.handoffDirectory == "/var/lib/hukou/handoff")
        #expect(configuration.staff.members.count == 2)
        #expect(configuration.staff.member(login: "zhangwei")?.windows == [1, 2])
        #expect(configuration.staff.member(login: "wangfang")?.role == .supervisor)
        #expect(DaemonConfiguration().counter.idleLock == .seconds(600))
    }
}
