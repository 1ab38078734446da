import CounterStore
import CounterWeb
import Foundation
import HukouTestSupport
import Logging
import Testing

@Suite("Voice calls")
struct VoiceTests {
    static let espeak = "/usr/bin/espeak-ng"

    @Test(
        "a call's audio is Mandarin speech of plausible length, cached once per text",
        .enabled(if: FileManager.default.isExecutableFile(atPath: espeak), "needs espeak-ng")
    )
    func synthesis() async throws {
        let folder = try HallFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let voice = VoiceSynthesizer(espeakPath: Self.espeak, directory: folder, logger: Logger(label: "test"))
        let call = Announcement(
            ticket: "A001",
            window: 1,
            template: WebConfiguration.defaultAnnouncementTemplate,
            english: true
        )
        let paths = voice.paths(for: call)
        #expect(paths.count == 2)
        #expect(voice.paths(for: call) == paths, "the same text has the same name")
        let name = String(try #require(paths.first).dropFirst("/voice/".count))
        let url = try #require(await voice.audio(named: name))
        let seconds = try #require(wavSeconds(try Data(contentsOf: url)), "not a WAV file")
        #expect(seconds > 2 && seconds < 12, "\(seconds) s of audio for \(call.spokenText)")
        let modified = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
        _ = await voice.audio(named: name)
        #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date == modified)
        #expect(await voice.audio(named: "0123456789abcdef0123456789abcdef.wav") == nil, "unknown names are refused")
        #expect(await voice.audio(named: "../../etc/passwd") == nil)
    }

    @Test("espeak-ng missing: no audio, and calls are still published at once")
    func missingSynthesiser() async throws {
        let folder = try HallFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let voice = VoiceSynthesizer(
            espeakPath: folder + "/no-espeak-ng",
            directory: folder,
            logger: Logger(label: "test")
        )
        let store = try CounterStore.inMemory()
        let hub = HallHub(
            store: store,
            configuration: WebConfiguration(windows: [1]),
            logger: Logger(label: "test"),
            audioPath: { voice.paths(for: $0) },
            onNewCalls: { calls in for call in calls { voice.prepare(call.announcement) } }
        )
        try await hub.refresh()
        try await HallFixtures.queued(store)
        let called = try #require(try await store.callNext(window: 1, operator: "c"))
        let started = ContinuousClock.now
        try await hub.refresh()
        #expect(ContinuousClock.now - started < .seconds(2), "the call waited for speech synthesis")
        let call = try #require(hub.current.state?.calls.last)
        #expect(call.ticket == called.ticket)
        let name = String(try #require(call.audio.first).dropFirst("/voice/".count))
        #expect(await voice.audio(named: name) == nil)
    }
}
