import ArgumentParser
import Foundation
import HukouText

/// The bytes a command takes in (an NDEF message, a tag memory image): `--hex HEX`, or `--file PATH` holding raw
/// bytes or hex text, `-` being standard input.
///
/// The one way the command line reads bytes, with one size limit (``maximumBytes``) and one error text
/// (``BytesInputError``): `ndef decode`, `tag decode`, `tag read`, `intent check`, `tap` and `virtual …` all use it.
struct BytesInputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The bytes as hex (white space or colons allowed between pairs).", valueName: "HEX"))
    var hex: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "A file holding the bytes, raw or as hex text (e.g. one page per line); - reads standard input.",
            valueName: "PATH"
        )
    )
    var file: String?

    /// The most bytes taken in: more than any tag holds (a Type 4 NDEF file with a 2-byte length holds 65 534).
    static let maximumBytes = 64 * 1024
    /// The most a file may hold: room for ``maximumBytes`` as hex text with separators, or for their JSON form.
    static let maximumFileSize = 4 * maximumBytes

    /// Whether `--hex` or `--file` was given.
    var isGiven: Bool { hex != nil || file != nil }

    func validate() throws {
        guard hex == nil || file == nil else { throw ValidationError("give only one of --hex and --file") }
    }

    /// Refuses a command line without `--hex` or `--file`, for the commands that need bytes.
    func requireGiven() throws {
        guard isGiven else { throw ValidationError("give one of --hex and --file") }
    }

    /// The bytes, from `--hex` or `--file` (a file of nothing but hex digits and separators is hex text).
    ///
    /// On failure writes one line on standard error and throws the exit status: 65 (EX_DATAERR) for bad hex or
    /// too many bytes, 66 (EX_NOINPUT) for a file that cannot be read.
    func bytes() throws -> [UInt8] {
        try requireGiven()
        do {
            return try load()
        } catch {
            throw error.reported()
        }
    }

    /// The whole content of `path` (standard input for nil or `-`), at most ``maximumFileSize`` bytes; failures
    /// reported as ``bytes()`` reports them.
    static func contents(ofFile path: String?) throws -> [UInt8] {
        do {
            return try read(path)
        } catch {
            throw error.reported()
        }
    }

    private func load() throws(BytesInputError) -> [UInt8] {
        if let hex { return try Self.decode(hex, source: "--hex") }
        let data = try Self.read(file)
        let source = Self.name(of: file)
        guard Hex.isHexText(data) else {
            guard data.count <= Self.maximumBytes else {
                throw BytesInputError(.tooLarge, source: source, reason: "more than \(Self.maximumBytes) bytes")
            }
            return data
        }
        return try Self.decode(String(decoding: data, as: UTF8.self), source: source)
    }

    private static func decode(_ text: String, source: String) throws(BytesInputError) -> [UInt8] {
        do {
            return try Hex.decode(text, maxBytes: maximumBytes)
        } catch {
            throw BytesInputError(.invalidHex, source: source, reason: error.reason, offset: error.offset)
        }
    }

    private static func name(of path: String?) -> String {
        guard let path, path != "-" else { return "standard input" }
        return path
    }

    private static func read(_ path: String?) throws(BytesInputError) -> [UInt8] {
        let source = name(of: path)
        let handle: FileHandle
        let isFile = path != nil && path != "-"
        if let path, isFile {
            guard let opened = FileHandle(forReadingAtPath: path) else {
                throw BytesInputError(.unreadable, source: source, reason: "no such file or not readable")
            }
            handle = opened
        } else {
            handle = FileHandle.standardInput
        }
        defer { if isFile { try? handle.close() } }
        let data: Data?
        do {
            data = try handle.read(upToCount: maximumFileSize + 1)
        } catch {
            throw BytesInputError(.unreadable, source: source, reason: error.localizedDescription)
        }
        guard (data?.count ?? 0) <= maximumFileSize else {
            throw BytesInputError(.tooLarge, source: source, reason: "larger than \(maximumFileSize) bytes")
        }
        return [UInt8](data ?? Data())
    }
}

/// Bytes the command line could not take in: where from (`--hex`, a path, standard input) and why.
struct BytesInputError: Error, CustomStringConvertible {
    enum Code: String {
        /// The file cannot be opened or read.
        case unreadable
        /// More than ``BytesInputOptions/maximumBytes`` bytes, or a file larger than
        /// ``BytesInputOptions/maximumFileSize``.
        case tooLarge
        /// Hex text that is not hex (``HexDecodingError/code``).
        case invalidHex
    }

    var code: Code
    /// `--hex`, the file's path or `standard input`.
    var source: String
    var reason = ""
    /// The offset of the problem in the hex text.
    var offset: Int?

    init(_ code: Code, source: String, reason: String = "", offset: Int? = nil) {
        self.code = code
        self.source = source
        self.reason = reason
        self.offset = offset
    }

    /// 66 (EX_NOINPUT) for an unreadable file, else 65 (EX_DATAERR).
    var exitStatus: Int32 { code == .unreadable ? 66 : 65 }

    var description: String {
        switch code {
        case .unreadable: "cannot read \(source): \(reason)"
        case .tooLarge: "\(source): \(reason); no tag holds that much"
        case .invalidHex: "\(source): \(HexDecodingError.code): \(reason), offset \(offset ?? 0)"
        }
    }

    /// Writes the one line on standard error; the exit status to throw.
    func reported() -> ExitCode {
        Hukou.failure(exitStatus, description)
    }
}
