import Foundation
import HukouText
import NDEF
public import NFCReader
import NFCReaderLibNFC
import NFCReaderPCSC
import NFCTag

/// Opens the concrete ``NFCReader/Reader`` a ``NFCReader/ReaderSpec`` names.
public enum ReaderFactory {
    /// The largest NDEF or image file a `sim:` reader loads.
    public static let maximumNDEFFileSize = 64 * 1024

    /// Makes the reader for `spec`; it starts working when its `run()` is called.
    ///
    /// - Throws: ``OpenError`` when the backend is not available or a `sim:` tag cannot be built.
    public static func makeReader(for spec: ReaderSpec) throws -> any Reader {
        switch spec {
        case .simulated(let simulated):
            return try makeSimulatedReader(simulated)
        case .libnfc(let connstring):
            return LibNFCReader(connstring: connstring)
        case .pcsc(let readerName):
            return PCSCReader(configuration: PCSCReader.Configuration(readerName: readerName))
        }
    }

    /// Makes a ``NFCReader/SimulatedReader``, with its one-shot tag if the specification names one.
    ///
    /// - Throws: ``OpenError`` for bad hex, an unreadable or oversized NDEF file, or a message that
    ///   does not fit the tag.
    public static func makeSimulatedReader(_ spec: SimulatedReaderSpec) throws -> SimulatedReader {
        var presentOnRun: [(model: any TagModel, faults: FaultPlan)] = []
        if let kind = spec.tag {
            do {
                let model: any TagModel
                if let path = spec.imageFile {
                    model = try Type2TagModel.image(kind: kind, memory: try memoryImage(path, spec))
                } else {
                    model = try TagModelFactory.make(kind: kind, ndefBytes: try ndefBytes(spec))
                }
                presentOnRun.append((model, spec.faults))
            } catch let error as OpenError {
                throw error
            } catch {
                throw OpenError("sim:\(spec.name): \(error)")
            }
        }
        let limits = spec.frameLimit.map {
            TransceiverLimits(maximumCommandLength: $0, maximumResponseLength: $0)
        }
        return SimulatedReader(
            name: "sim:\(spec.name)",
            limits: limits ?? TransceiverLimits(maximumCommandLength: 252, maximumResponseLength: 252),
            presentOnRun: presentOnRun
        )
    }

    /// A memory image: hex text (white space ignored, e.g. one page per line) or raw bytes.
    private static func memoryImage(_ path: String, _ spec: SimulatedReaderSpec) throws -> [UInt8] {
        let bytes = try readFile(path, spec)
        guard Hex.isHexText(bytes) else { return bytes }
        do {
            return try Hex.decode(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw OpenError("sim:\(spec.name): the image \(path) is not valid hex (\(error.reason))")
        }
    }

    private static func readFile(_ path: String, _ spec: SimulatedReaderSpec) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw OpenError("sim:\(spec.name): cannot open \(path)")
        }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: maximumNDEFFileSize + 1) ?? Data()
        guard data.count <= maximumNDEFFileSize else {
            throw OpenError("sim:\(spec.name): \(path) is larger than \(maximumNDEFFileSize) bytes")
        }
        return [UInt8](data)
    }

    private static func ndefBytes(_ spec: SimulatedReaderSpec) throws -> [UInt8]? {
        if let hex = spec.ndefHex {
            do {
                return try Hex.decode(hex)
            } catch {
                throw OpenError("sim:\(spec.name): ndef is not hex (\(error.reason))")
            }
        }
        guard let path = spec.ndefFile else { return nil }
        return try readFile(path, spec)
    }
}

extension ReaderFactory {
    /// A reader that could not be opened from its specification.
    public struct OpenError: Error, Hashable, Sendable, CustomStringConvertible {
        /// A readable explanation naming the specification.
        public var message: String

        /// Creates an error.
        public init(_ message: String) {
            self.message = message
        }

        public var description: String { message }
    }
}
