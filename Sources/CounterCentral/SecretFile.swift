import Foundation
import HukouText

/// A secret kept in a file as hexadecimal text (the station's central secret, the district's pseudonym key): the
/// file must be a regular file that only its owner can read or write; its text is 64–128 hex digits and an
/// optional line end.
public enum SecretFile {
    /// Reads and decodes the secret in `path`.
    ///
    /// - Throws: ``CentralError`` `.invalidConfiguration` naming `field` and what is wrong.
    public static func read(_ path: String, field: String) throws(CentralError) -> [UInt8] {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw CentralError(.invalidConfiguration, "\(field): cannot read \(path)")
        }
        guard (attributes[.type] as? FileAttributeType) == .typeRegular else {
            throw CentralError(.invalidConfiguration, "\(field): \(path) is not a regular file")
        }
        if let mode = attributes[.posixPermissions] as? NSNumber, mode.intValue & 0o077 != 0 {
            throw CentralError(
                .invalidConfiguration,
                "\(field): \(path) may be read by group or others (mode \(String(mode.intValue, radix: 8))); chmod 600"
            )
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CentralError(.invalidConfiguration, "\(field): cannot open \(path)")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: 260)) ?? Data()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        guard (64...128).contains(text.utf8.count), let bytes = try? Hex.decode(text, maxBytes: 64) else {
            throw CentralError(.invalidConfiguration, "\(field): \(path) must hold 64–128 hexadecimal digits")
        }
        return bytes
    }

    /// The first line of a password file that only its owner may read or write (at most 1 KiB).
    ///
    /// - Throws: ``CentralError`` `.invalidConfiguration` naming `field` and what is wrong.
    public static func password(_ path: String, field: String) throws(CentralError) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes, let data = FileManager.default.contents(atPath: path), data.count <= 1024 else {
            throw CentralError(.invalidConfiguration, "\(field): \(path) cannot be read (or is over 1 KiB)")
        }
        if let mode = attributes[.posixPermissions] as? NSNumber, mode.intValue & 0o077 != 0 {
            throw CentralError(.invalidConfiguration, "\(field): \(path) may be read by group or others; chmod 600")
        }
        guard let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first,
            !line.isEmpty
        else { throw CentralError(.invalidConfiguration, "\(field): \(path) is empty") }
        return String(line)
    }

    /// Writes 32 fresh random bytes as hex to a new file `path`, created with mode 0600 (never wider); refuses to
    /// overwrite.
    public static func create(_ path: String, field: String) throws(CentralError) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CentralError(.invalidConfiguration, "\(field): cannot create \(path) (it may exist already)")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data((Hex.encode(bytes) + "\n").utf8))
            try handle.synchronize()
        } catch {
            throw CentralError(.invalidConfiguration, "\(field): cannot write \(path): \(error)")
        }
        return bytes
    }
}
