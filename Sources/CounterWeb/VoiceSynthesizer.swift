import Crypto
public import Foundation
import HukouText
public import Logging
import NIOConcurrencyHelpers

/// The spoken calls: each distinct text is synthesised once with espeak-ng (Mandarin voice `cmn`, English voice `en`)
/// into a WAV file in the cache folder, named by the hash of its voice and text, and served from `/voice/NAME`.
///
/// Synthesis runs off the call's path: a call is displayed whether or not its audio exists, and a failure (espeak-ng
/// missing, a broken voice) is logged once, not per call.
public final class VoiceSynthesizer: Sendable {
    /// One text in one voice.
    struct Utterance: Sendable, Hashable {
        var voice: String
        var text: String
    }

    private let espeakPath: String
    private let directory: String
    private let logger: Logger
    private let known = NIOLockedValueBox([String: Utterance]())
    private let failureLogged = NIOLockedValueBox(false)

    /// A synthesiser writing into `directory` (created with mode 0700 when first needed).
    public init(espeakPath: String, directory: String, logger: Logger) {
        self.espeakPath = espeakPath
        self.directory = directory
        self.logger = logger
    }

    /// The paths of a call's audio: the Mandarin sentence, then the English one if enabled. Registers the texts so
    /// ``audio(named:)`` can synthesise them on request.
    public func paths(for announcement: Announcement) -> [String] {
        var utterances = [Utterance(voice: "cmn", text: announcement.spokenText)]
        if let english = announcement.englishText { utterances.append(Utterance(voice: "en", text: english)) }
        return utterances.map { "/voice/" + register($0) }
    }

    /// Synthesises a call's audio ahead of the display's request (in the background; errors are logged).
    public func prepare(_ announcement: Announcement) {
        let names = paths(for: announcement).map { String($0.dropFirst("/voice/".count)) }
        Task.detached { [self] in
            for name in names { _ = await audio(named: name) }
        }
    }

    /// The WAV file of a registered name, synthesising it if needed; `nil` for an unknown name or a failure.
    public func audio(named name: String) async -> URL? {
        guard let utterance = known.withLockedValue({ $0[name] }) else { return nil }
        let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: url.path) { return url }
        do {
            try await synthesise(utterance, to: url)
            return url
        } catch {
            let first = failureLogged.withLockedValue { logged in
                defer { logged = true }
                return !logged
            }
            if first {
                logger.error(
                    "voice: speech synthesis failed; calls are shown without sound",
                    metadata: ["espeak": "\(espeakPath)", "error": "\(error)"]
                )
            }
            return nil
        }
    }

    private func register(_ utterance: Utterance) -> String {
        let digest = SHA256.hash(data: Data((utterance.voice + "\n" + utterance.text).utf8))
        let name = Hex.encode(Array(digest.prefix(16))) + ".wav"
        known.withLockedValue { table in
            if table.count > 10_000 { table.removeAll() }
            table[name] = utterance
        }
        return name
    }

    /// Runs espeak-ng into a temporary file and moves it into place, so a half-written file is never served.
    private func synthesise(_ utterance: Utterance, to url: URL) async throws {
        try FileManager.default.createDirectory(
            atPath: directory,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        let partial = url.path + ".\(UUID().uuidString).part"
        defer { try? FileManager.default.removeItem(atPath: partial) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: espeakPath)
        process.arguments = ["-v", utterance.voice, "-w", partial, "--", utterance.text]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        guard status == 0 else {
            throw WebServiceError("espeak-ng exited with status \(status)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: partial)[.size] as? Int) ?? 0
        guard size > 44 else { throw WebServiceError("espeak-ng wrote no audio") }
        _ = try? FileManager.default.moveItem(atPath: partial, toPath: url.path)
    }
}
